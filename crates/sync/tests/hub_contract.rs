//! Every hub backend must behave the same; the folder hub's tests also run against
//! object_store's in-memory store to prove the trait is honest.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

use sprout_sync::{Created, Error, FolderHub, Hub};

fn contract(hub: &dyn Hub) {
    assert!(hub.list("log/").unwrap().is_empty(), "a new hub is empty");

    assert_eq!(hub.create("log/a/000000000002.chg", b"two").unwrap(), Created::New);
    assert_eq!(hub.create("log/a/000000000001.chg", b"one").unwrap(), Created::New);
    assert_eq!(hub.create("log/b/000000000001.chg", b"bee").unwrap(), Created::New);
    assert_eq!(hub.create("HUB.json", b"{}").unwrap(), Created::New);

    // Retrying a write that already landed is success; a different file under the same
    // name is a conflict and leaves the original alone.
    assert_eq!(hub.create("log/a/000000000001.chg", b"one").unwrap(), Created::AlreadyThere);
    assert!(matches!(hub.create("log/a/000000000001.chg", b"uno"), Err(Error::Conflict { .. })));
    assert_eq!(hub.read("log/a/000000000001.chg", 100).unwrap(), b"one");

    assert_eq!(
        hub.list("log/").unwrap(),
        ["log/a/000000000001.chg", "log/a/000000000002.chg", "log/b/000000000001.chg"]
    );
    assert_eq!(hub.list("log/a/").unwrap().len(), 2);
    assert!(hub.list("snapshots/").unwrap().is_empty());
    assert_eq!(hub.folders("log/").unwrap(), ["a", "b"]);
    assert_eq!(hub.folders("").unwrap(), ["log"]);
    assert!(hub.folders("snapshots/").unwrap().is_empty());

    assert!(matches!(
        hub.read("log/a/000000000002.chg", 2),
        Err(Error::TooLarge { size: 3, max: 2, .. })
    ));
    assert!(hub.read("log/a/000000000099.chg", 100).is_err(), "missing file");
    for bad in ["../escape", "/abs", "log/../HUB.json", "log/.hidden"] {
        assert!(matches!(hub.create(bad, b"x"), Err(Error::BadPath { .. })), "{bad}");
    }
}

#[test]
fn folder_hub_honours_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    contract(&FolderHub::create_root(dir.path().join("hub")).unwrap());
}

#[test]
fn folder_hub_leaves_no_temporary_files_and_ignores_others() {
    let dir = tempfile::tempdir().unwrap();
    let hub = FolderHub::create_root(dir.path()).unwrap();
    hub.create("log/a/000000000001.chg", b"one").unwrap();
    let names: Vec<_> = std::fs::read_dir(dir.path().join("log/a"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, ["000000000001.chg"]);
    // A writer that crashed mid-write leaves only a hidden temporary file.
    std::fs::write(dir.path().join("log/a/.000000000002.chg.99.1.tmp"), b"half").unwrap();
    assert_eq!(hub.list("log/").unwrap(), ["log/a/000000000001.chg"]);
}

#[test]
fn an_unreachable_folder_hub_says_so() {
    let hub = FolderHub::new("/nonexistent/share/sprout-hub");
    let e = hub.list("log/").unwrap_err();
    assert!(matches!(e, Error::Unreachable { .. }), "{e}");
    assert!(e.to_string().contains("/nonexistent/share/sprout-hub"), "{e}");
    assert!(matches!(hub.create("log/a/1.chg", b"x"), Err(Error::Unreachable { .. })));
}

#[test]
fn a_one_gigabyte_junk_file_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let hub = FolderHub::create_root(dir.path()).unwrap();
    std::fs::create_dir_all(dir.path().join("log/x")).unwrap();
    // Sparse: takes no disk space, but reports 1 GiB.
    let junk = std::fs::File::create(dir.path().join("log/x/000000000001.chg")).unwrap();
    junk.set_len(1 << 30).unwrap();
    let e = hub.read("log/x/000000000001.chg", sprout_sync::MAX_CHANGESET_BYTES).unwrap_err();
    assert!(matches!(e, Error::TooLarge { size, .. } if size == 1 << 30), "{e}");
}

#[test]
fn eight_writers_at_once_each_land_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let hub = FolderHub::create_root(dir.path()).unwrap();
    std::thread::scope(|s| {
        for writer in 0..8 {
            let hub = hub.clone();
            s.spawn(move || {
                for seq in 1..=25 {
                    let path = format!("log/w{writer}/{seq:012}.chg");
                    let body = format!("{writer}:{seq}");
                    assert_eq!(hub.create(&path, body.as_bytes()).unwrap(), Created::New);
                    // Everyone also races to create the same shared file: one wins, the
                    // rest see identical bytes.
                    hub.create("members/000001.json", b"roster").unwrap();
                }
            });
        }
    });
    assert_eq!(hub.list("log/").unwrap().len(), 8 * 25);
    assert_eq!(hub.read("members/000001.json", 100).unwrap(), b"roster");
}

#[cfg(feature = "object-store")]
#[test]
fn object_store_hub_honours_the_contract() {
    let store = std::sync::Arc::new(object_store::memory::InMemory::new());
    contract(&sprout_sync::ObjectStoreHub::new(store, "memory://test").unwrap());
}

/// The S3-compatible server the test command starts (`SPROUT_TEST_S3_URL`, with the
/// standard `AWS_*` variables pointing at it), under a prefix of its own per run. Where no
/// server was started the test says so and passes, unless the test command requires it.
#[cfg(feature = "object-store")]
fn s3_hub_url(name: &str) -> Option<String> {
    match std::env::var("SPROUT_TEST_S3_URL") {
        Ok(base) => Some(format!("{}/{name}-{}", base.trim_end_matches('/'), uuid::Uuid::now_v7())),
        Err(_) => {
            assert!(
                std::env::var_os("SPROUT_REQUIRE_ALL_TESTS").is_none(),
                "SPROUT_TEST_S3_URL is not set, but the object store tests are required"
            );
            eprintln!("skipped: no S3-compatible server (set SPROUT_TEST_S3_URL)");
            None
        }
    }
}

#[cfg(feature = "object-store")]
#[test]
fn an_s3_hub_honours_the_contract_against_a_real_s3_server() {
    let Some(url) = s3_hub_url("contract") else { return };
    let hub = sprout_sync::open_hub(&url).unwrap();
    assert_eq!(hub.location(), url);
    contract(&*hub);
}

#[cfg(feature = "object-store")]
#[test]
fn four_writers_at_once_each_land_exactly_once_on_s3() {
    let Some(url) = s3_hub_url("writers") else { return };
    let winners = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|s| {
        for writer in 0..4 {
            let (url, winners) = (&url, &winners);
            s.spawn(move || {
                let hub = sprout_sync::open_hub(url).unwrap();
                for seq in 1..=5 {
                    let path = format!("log/w{writer}/{seq:012}.chg");
                    assert_eq!(hub.create(&path, path.as_bytes()).unwrap(), Created::New);
                }
                // Everyone races for the same roster epoch: exactly one wins.
                match hub.create("members/000001.json", format!("w{writer}").as_bytes()) {
                    Ok(Created::New) => {
                        winners.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    }
                    Err(Error::Conflict { .. }) => {}
                    other => panic!("unexpected {other:?}"),
                }
            });
        }
    });
    assert_eq!(winners.into_inner(), 1);
    let hub = sprout_sync::open_hub(&url).unwrap();
    assert_eq!(hub.list("log/").unwrap().len(), 20);
    assert_eq!(hub.folders("log/").unwrap(), ["w0", "w1", "w2", "w3"]);
    let roster = hub.read("members/000001.json", 100).unwrap();
    assert!(roster.starts_with(b"w"), "one writer's roster, whole");
}

#[cfg(feature = "object-store")]
#[test]
fn object_store_urls_must_name_a_bucket_and_a_known_scheme() {
    for (url, reason) in [("s3://", "names no bucket"), ("gs://bucket/x", "only s3:// and az://")] {
        let e = sprout_sync::open_hub(url).unwrap_err();
        assert!(e.to_string().contains(reason), "{url}: {e}");
    }
}
