//! Translation catalogues (SPEC 8): the PO format, the blocks of the standard that a
//! handbook shows, the `msgmerge`-style refresh and the lookups a handbook makes.

pub mod apply;
pub mod catalogues;
pub mod check;
pub mod extract;
pub mod kept;
pub mod merge;
pub mod po;
pub mod shown;
