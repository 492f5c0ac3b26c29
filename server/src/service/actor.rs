//! Who is acting: a signed-in account, or the command line (an administrator
//! without an account).
use shared::enums::Role;

use crate::http::extract::Authenticated;

#[derive(Debug, Clone, Copy)]
pub struct Actor {
    pub id: Option<i64>,
    pub role: Role,
    pub organisation_id: Option<i64>,
}

impl Actor {
    pub fn system() -> Actor {
        Actor { id: None, role: Role::Admin, organisation_id: None }
    }
}

impl From<&Authenticated> for Actor {
    fn from(auth: &Authenticated) -> Actor {
        Actor { id: Some(auth.id()), role: auth.role(), organisation_id: auth.account.organisation_id }
    }
}
