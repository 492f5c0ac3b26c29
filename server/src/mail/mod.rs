//! E-mail: what is said (`compose`, in the addressee's language) and how it
//! leaves (`delivery`: the outbox worker, SMTP or `.eml` files).
pub mod compose;
pub mod delivery;
