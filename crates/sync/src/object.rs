//! A hub in object storage (S3-compatible or Azure Blob), for a region of many trusts.
//! Object stores give exactly the hub's semantics natively: whole-object writes and
//! create-only puts (`PutMode::Create`). The API is async; the hub trait is blocking,
//! so calls run on a small runtime owned by the hub.

use std::sync::Arc;

use futures::TryStreamExt;
use object_store::path::Path as StorePath;
use object_store::{ObjectStore, ObjectStoreExt, PutMode, PutOptions, PutPayload};

use crate::error::{Error, Result};
use crate::hub::{Created, Hub, check_path, check_size};

#[derive(Debug)]
pub struct ObjectStoreHub {
    store: Arc<dyn ObjectStore>,
    location: String,
    runtime: tokio::runtime::Runtime,
}

impl ObjectStoreHub {
    /// A hub on `store`; `location` names it in messages (e.g. `s3://region-hub/sprout`).
    pub fn new(store: Arc<dyn ObjectStore>, location: impl Into<String>) -> Result<Self> {
        let runtime =
            tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| {
                Error::Unreachable { location: "object storage".into(), reason: e.to_string() }
            })?;
        Ok(ObjectStoreHub { store, location: location.into(), runtime })
    }

    fn err(&self, path: &str, e: object_store::Error) -> Error {
        match e {
            object_store::Error::NotFound { .. } => Error::Io {
                path: path.to_owned(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, e.to_string()),
            },
            object_store::Error::PermissionDenied { .. }
            | object_store::Error::Unauthenticated { .. } => {
                Error::PermissionDenied { path: path.to_owned(), reason: e.to_string() }
            }
            other => {
                Error::Unreachable { location: self.location.clone(), reason: other.to_string() }
            }
        }
    }

    fn same_bytes(&self, path: &str, bytes: &[u8]) -> Result<Created> {
        match self.read(path, bytes.len() as u64 + 1) {
            Ok(existing) if existing == bytes => Ok(Created::AlreadyThere),
            _ => Err(Error::Conflict { path: path.to_owned() }),
        }
    }
}

impl Hub for ObjectStoreHub {
    fn location(&self) -> String {
        self.location.clone()
    }

    fn list(&self, prefix: &str) -> Result<Vec<String>> {
        let prefix = StorePath::from(prefix.trim_end_matches('/'));
        let listed: Vec<String> = self
            .runtime
            .block_on(
                self.store.list(Some(&prefix)).map_ok(|m| m.location.to_string()).try_collect(),
            )
            .map_err(|e| self.err(prefix.as_ref(), e))?;
        let mut found: Vec<String> = listed.into_iter().filter(|p| check_path(p).is_ok()).collect();
        found.sort();
        Ok(found)
    }

    fn folders(&self, prefix: &str) -> Result<Vec<String>> {
        let prefix = StorePath::from(prefix.trim_end_matches('/'));
        let listed = self
            .runtime
            .block_on(self.store.list_with_delimiter(Some(&prefix)))
            .map_err(|e| self.err(prefix.as_ref(), e))?;
        let mut found: Vec<String> = listed
            .common_prefixes
            .iter()
            .filter_map(|p| p.filename().map(str::to_owned))
            .filter(|name| !name.starts_with('.'))
            .collect();
        found.sort();
        Ok(found)
    }

    fn read(&self, path: &str, max_bytes: u64) -> Result<Vec<u8>> {
        check_path(path)?;
        let location = StorePath::from(path);
        let meta =
            self.runtime.block_on(self.store.head(&location)).map_err(|e| self.err(path, e))?;
        check_size(path, meta.size, max_bytes)?;
        let bytes = self
            .runtime
            .block_on(async { self.store.get(&location).await?.bytes().await })
            .map_err(|e| self.err(path, e))?;
        check_size(path, bytes.len() as u64, max_bytes)?;
        Ok(bytes.to_vec())
    }

    fn create(&self, path: &str, bytes: &[u8]) -> Result<Created> {
        check_path(path)?;
        let options = PutOptions { mode: PutMode::Create, ..Default::default() };
        let payload = PutPayload::from(bytes.to_vec());
        match self.runtime.block_on(self.store.put_opts(&StorePath::from(path), payload, options)) {
            Ok(_) => Ok(Created::New),
            Err(object_store::Error::AlreadyExists { .. }) => self.same_bytes(path, bytes),
            Err(e) => Err(self.err(path, e)),
        }
    }
}
