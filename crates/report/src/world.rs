//! The smallest Typst world a board pack needs: one main file, one data file, the fonts
//! shipped with the app, and no clock, packages or file system, so the same data always
//! typesets to the same bytes.

use std::sync::OnceLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// Liberation Sans: metric-compatible with Arial, which the NHS identity names where
/// Frutiger is not licensed; SIL Open Font License (fonts/LICENSE-Liberation.txt).
const FONTS: [&[u8]; 2] = [
    include_bytes!("../fonts/LiberationSans-Regular.ttf"),
    include_bytes!("../fonts/LiberationSans-Bold.ttf"),
];

pub(crate) const TEMPLATE: &str = include_str!("board.typ");

/// The library and fonts are parsed once per process: a second pack reuses them.
fn shared() -> &'static (LazyHash<Library>, LazyHash<FontBook>, Vec<Font>) {
    static SHARED: OnceLock<(LazyHash<Library>, LazyHash<FontBook>, Vec<Font>)> = OnceLock::new();
    SHARED.get_or_init(|| {
        let fonts: Vec<Font> =
            FONTS.iter().flat_map(|data| Font::iter(Bytes::new(*data))).collect();
        let book = FontBook::from_fonts(&fonts);
        (LazyHash::new(Library::default()), LazyHash::new(book), fonts)
    })
}

fn file(path: &str) -> FileId {
    #[allow(clippy::expect_used, reason = "a constant path, checked by every test")]
    let vpath = VirtualPath::new(path).expect("a valid virtual path");
    typst::syntax::RootedPath::new(VirtualRoot::Project, vpath).intern()
}

pub(crate) struct PackWorld {
    main: Source,
    data: Bytes,
    data_id: FileId,
}

impl PackWorld {
    pub(crate) fn new(template: &str, data: Vec<u8>) -> Self {
        PackWorld {
            main: Source::new(file("/board.typ"), template.to_owned()),
            data: Bytes::new(data),
            data_id: file("/data.json"),
        }
    }
}

impl PackWorld {
    pub(crate) fn main_text(&self) -> &str {
        self.main.text()
    }
}

impl World for PackWorld {
    fn library(&self) -> &LazyHash<Library> {
        &shared().0
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &shared().1
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() { Ok(self.main.clone()) } else { Err(FileError::AccessDenied) }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id { Ok(self.data.clone()) } else { Err(FileError::AccessDenied) }
    }

    fn font(&self, index: usize) -> Option<Font> {
        shared().2.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        // The pack states its dates itself: a clock here would change its bytes.
        None
    }
}
