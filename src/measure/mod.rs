//! `csstd measure`: ticket readers, business-time arithmetic and the attainment report
//! (SPEC 9). Reads ticket files and the typed standard; never writes.

pub mod clock;
