//! A hub in object storage (S3-compatible or Azure Blob), for a region of many trusts.
//! Object stores give exactly the hub's semantics natively: whole-object writes and
//! create-only puts (`PutMode::Create`). The API is async; the hub trait is blocking,
//! so calls run on a small runtime owned by the hub.

use std::sync::Arc;
use std::time::Duration;

use futures::TryStreamExt;
use object_store::aws::AmazonS3Builder;
use object_store::azure::MicrosoftAzureBuilder;
use object_store::path::Path as StorePath;
use object_store::prefix::PrefixStore;
use object_store::{ObjectStore, ObjectStoreExt, PutMode, PutOptions, PutPayload, RetryConfig};

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

    /// The hub at `url`: `s3://BUCKET/PREFIX` for Amazon S3 or any S3-compatible store, or
    /// `az://CONTAINER/PREFIX` for Azure Blob storage. Credentials, region and endpoint
    /// come from the standard variables (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
    /// `AWS_REGION`, `AWS_ENDPOINT`; `AZURE_STORAGE_ACCOUNT_NAME`,
    /// `AZURE_STORAGE_ACCOUNT_KEY`, …), so no secret is ever written into Sprout's data.
    pub fn from_url(url: &str) -> Result<Self> {
        // TLS through ring, the one crypto library in the build. Installing it fails only
        // when a provider is already the process's default, which serves as well.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let bad =
            |reason: &str| Error::Unreachable { location: url.to_owned(), reason: reason.into() };
        let (scheme, rest) = url.split_once("://").ok_or_else(|| bad("it is not a URL"))?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            return Err(bad("it names no bucket or container"));
        }
        // A PC that is offline should hear so in seconds, not after minutes of retries:
        // the next sync tries again anyway.
        let retry = RetryConfig {
            max_retries: 3,
            retry_timeout: Duration::from_secs(20),
            ..RetryConfig::default()
        };
        let built = match scheme.to_ascii_lowercase().as_str() {
            "s3" => AmazonS3Builder::from_env()
                .with_bucket_name(bucket)
                .with_retry(retry)
                .build()
                .map(|s| Arc::new(s) as Arc<dyn ObjectStore>),
            "az" | "azure" => MicrosoftAzureBuilder::from_env()
                .with_container_name(bucket)
                .with_retry(retry)
                .build()
                .map(|s| Arc::new(s) as Arc<dyn ObjectStore>),
            _ => return Err(bad("only s3:// and az:// hubs are supported")),
        };
        let store = built.map_err(|e| bad(&e.to_string()))?;
        let prefix = prefix.trim_matches('/');
        let store: Arc<dyn ObjectStore> =
            if prefix.is_empty() { store } else { Arc::new(PrefixStore::new(store, prefix)) };
        Self::new(store, url)
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
