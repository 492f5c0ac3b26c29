use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::enums::{Category, Role};
use crate::lang::Lang;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    #[validate(custom(function = "crate::validation::email"))]
    #[cfg_attr(feature = "server", schema(min_length = 3, max_length = 254, pattern = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"))]
    pub email: String,
    #[validate(length(min = 1, max = 256))]
    #[cfg_attr(feature = "server", schema(min_length = 1, max_length = 256))]
    pub password: String,
}

/// The signed-in account, as `/me` and login return it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AccountView {
    pub id: i64,
    pub email: String,
    pub full_name: String,
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Category>,
    pub language: Lang,
}

/// Login and `/me` answer with the account and the token to echo in the
/// `X-CSRF-Token` header of every state-changing request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct SignedIn {
    pub account: AccountView,
    pub csrf_token: String,
}

/// Setting a password from an invitation (or reset) link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct SetPasswordRequest {
    #[validate(length(min = 16, max = 128))]
    #[cfg_attr(feature = "server", schema(min_length = 16, max_length = 128))]
    pub token: String,
    #[validate(custom(function = "crate::validation::password_strength"))]
    #[cfg_attr(feature = "server", schema(min_length = 10, max_length = 256))]
    pub password: String,
}

/// Asking for a link to choose a new password. The answer is the same
/// whether or not an account has that address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct PasswordResetRequest {
    #[validate(custom(function = "crate::validation::email"))]
    #[cfg_attr(feature = "server", schema(min_length = 3, max_length = 254, pattern = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"))]
    pub email: String,
}

/// `202 Accepted`: a link is on its way if the address is an open account's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct PasswordResetAccepted {}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct LanguageRequest {
    pub language: Lang,
}
