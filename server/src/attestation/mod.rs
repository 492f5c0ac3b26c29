//! Attestations and certificates: the verification code, the signed claim,
//! the issuer's key, and the one-page PDF.
pub mod badge;
pub mod claim;
pub mod code;
pub mod holder;
pub mod keys;
pub mod pdf;
pub mod picture;
pub mod prune;
pub mod qr;
pub mod seal;
pub mod sign_in_sheet;
pub mod text;
