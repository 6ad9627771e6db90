use serde::Serialize;
use specta::Type;
use sprout_core::{IdeaField, Invalid, PidHit, Problem};
use thiserror::Error;

/// Stable error codes. The UI branches on these; never rename one.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// A required field is empty.
    Empty,
    /// A field is over its length limit.
    TooLong,
    /// A field holds a control character.
    ControlCharacter,
    /// A one-line field holds a line break.
    MultiLine,
    /// Text that should be an idea id is not one.
    NotAnId,
    /// An edit that changes nothing.
    NothingToChange,
    /// A gate's must-meet criteria are not met, or the decision cannot be taken there.
    GateClosed,
    /// A value is not one of those allowed (a tier, a readiness level, yes or no).
    NotOneOf,
    /// A date not written YYYY-MM-DD, or not a real day.
    NotADate,
    /// A value that should be a plain number is not one.
    NotANumber,
    /// An amount of money is not pounds with at most two decimals, or is negative.
    NotMoney,
    /// Free text holds what looks like patient details; nothing was saved.
    PatientData,
    /// A review score outside 1 to 5.
    ScoreOutOfRange,
    /// A review with no scores.
    NoScores,
    /// A setting's value is not acceptable.
    InvalidSetting,
    /// No idea has that id (or it was deleted), or the idea has no such tag.
    NotFound,
    /// The database was written by a newer Sprout and was left untouched.
    DatabaseTooNew,
    /// The data folder cannot be found or created.
    DataDir,
    /// The database failed (corruption, an unexpected SQLite error).
    Storage,
    /// Part of this PC's Sprout data is missing (the database next to its keys, or a
    /// person's signing key next to their history): nothing was recreated.
    DataMissing,
    /// The disk holding Sprout's data is full: nothing was saved.
    DiskFull,
    /// Sprout may not write to its data folder (permissions, a read-only disk).
    DataNotWritable,
    /// An update could not be checked for or installed.
    Update,
    /// This device has not joined a hub.
    NoHub,
    /// The location given holds no Sprout hub.
    NotAHub,
    /// The hub cannot be reached (share not mounted, network down).
    HubUnreachable,
    /// The hub is a different one from the hub this device joined.
    WrongHub,
    /// The person's role does not allow what they asked for.
    NotAllowed,
    /// Another hub problem (permission denied, disk full, damaged file).
    Hub,
    /// Acting as this person needs their passphrase.
    PassphraseNeeded,
    /// The passphrase given does not unlock this person's key.
    WrongPassphrase,
    /// A new passphrase is too short.
    WeakPassphrase,
    /// Someone of that name is already a person on this PC.
    AlreadyEnrolled,
    /// Sprout does not yet know who is using it on this PC (the first run's question).
    WhoNeeded,
    /// A spreadsheet could not be read (not .xlsx or .csv, damaged, empty) or written.
    Spreadsheet,
    /// A report (the board pack) could not be typeset.
    Typesetting,
}

/// What every front door receives when something goes wrong: a code to branch on, one
/// human sentence, and the field it concerns so a form can show it in the right place.
#[derive(Clone, PartialEq, Eq, Debug, Error, Serialize, Type)]
#[error("{message}")]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
    pub field: Option<IdeaField>,
    /// With `patient_data`: exactly which words looked like patient details, so the form
    /// can highlight them. Empty otherwise.
    pub patient_data: Vec<PidHit>,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        AppError { code, message: message.into(), field: None, patient_data: Vec::new() }
    }

    /// The same error, naming the field a form should mark.
    pub fn on(mut self, field: IdeaField) -> Self {
        self.field = Some(field);
        self
    }
}

impl From<Invalid> for AppError {
    fn from(e: Invalid) -> Self {
        let code = match e.problem {
            Problem::Empty => ErrorCode::Empty,
            Problem::TooLong { .. } => ErrorCode::TooLong,
            Problem::ControlCharacter { .. } => ErrorCode::ControlCharacter,
            Problem::MultiLine => ErrorCode::MultiLine,
            Problem::NotAnId { .. } => ErrorCode::NotAnId,
            Problem::NothingToChange => ErrorCode::NothingToChange,
            Problem::ScoreOutOfRange { .. } => ErrorCode::ScoreOutOfRange,
            Problem::NoScores => ErrorCode::NoScores,
            Problem::NotOneOf { .. } | Problem::NotShaped { .. } => ErrorCode::NotOneOf,
            Problem::GateClosed { .. } => ErrorCode::GateClosed,
            Problem::NotADate => ErrorCode::NotADate,
            Problem::NotANumber => ErrorCode::NotANumber,
            Problem::NotMoney => ErrorCode::NotMoney,
        };
        let field = (e.field != IdeaField::Id || code == ErrorCode::NotAnId).then_some(e.field);
        AppError { code, message: e.message(), field, patient_data: Vec::new() }
    }
}

impl From<sprout_sheets::Error> for AppError {
    fn from(e: sprout_sheets::Error) -> Self {
        AppError::new(ErrorCode::Spreadsheet, e.to_string())
    }
}

/// A role rule said no: the same sentence every device would give.
impl From<sprout_core::Denied> for AppError {
    fn from(denied: sprout_core::Denied) -> Self {
        AppError::new(ErrorCode::NotAllowed, denied.to_string())
    }
}

impl From<sprout_sync::Error> for AppError {
    fn from(e: sprout_sync::Error) -> Self {
        use sprout_sync::Error as S;
        let code = match &e {
            S::NoHub => ErrorCode::NoHub,
            S::NotAHub { .. } => ErrorCode::NotAHub,
            S::Unreachable { .. } => ErrorCode::HubUnreachable,
            S::WrongHub { .. } => ErrorCode::WrongHub,
            S::NotAllowed(_) | S::NoRequest { .. } => ErrorCode::NotAllowed,
            S::WrongPassphrase => ErrorCode::WrongPassphrase,
            S::PassphraseTooShort { .. } => ErrorCode::WeakPassphrase,
            _ => ErrorCode::Hub,
        };
        match e {
            S::Store(inner) => AppError::from(inner),
            other => AppError::new(code, other.to_string()),
        }
    }
}

impl From<sprout_store::Error> for AppError {
    fn from(e: sprout_store::Error) -> Self {
        use sprout_store::{DiskTrouble, Error as S};
        match e.disk_trouble() {
            Some(DiskTrouble::Full) => {
                return AppError::new(
                    ErrorCode::DiskFull,
                    "there is no space left on the disk holding Sprout's data, so nothing was \
                     saved; free some space and try again",
                );
            }
            Some(DiskTrouble::NotWritable) => {
                return AppError::new(
                    ErrorCode::DataNotWritable,
                    format!(
                        "Sprout may not write to its data folder, so nothing was saved ({e}); \
                         ask IT to check the folder's permissions"
                    ),
                );
            }
            None => {}
        }
        let code = match &e {
            S::TooNew { .. } => ErrorCode::DatabaseTooNew,
            S::DataDir { .. } => ErrorCode::DataDir,
            S::IdeaNotFound(_) | S::TagNotFound { .. } | S::NotMerged(_) | S::NotLocalPerson(_) => {
                ErrorCode::NotFound
            }
            _ => ErrorCode::Storage,
        };
        let field = match e {
            S::IdeaNotFound(_) => Some(IdeaField::Id),
            S::TagNotFound { .. } => Some(IdeaField::Tag),
            _ => None,
        };
        AppError { code, message: e.to_string(), field, patient_data: Vec::new() }
    }
}
