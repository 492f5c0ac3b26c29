use sea_orm::prelude::*;
use sea_orm::sea_query::{ExprTrait, Func};
use sea_orm::{ActiveValue::Set, Condition, QueryOrder, QuerySelect};
use shared::Lang;
use shared::api::PageQuery;
use shared::api::accounts::AccountFilter;
use shared::enums::{Category, Disability, Role, Sex};

use crate::clock::now;
use crate::entities::{account, organisation};
use crate::policy::PeopleScope;

/// An account to create; e-mail already normalised (trimmed, lower-case).
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub email: String,
    pub full_name: String,
    pub role: Role,
    pub organisation_id: Option<i64>,
    pub category: Option<Category>,
    pub position: Option<String>,
    pub phone: Option<String>,
    pub language: Lang,
    pub password_hash: Option<String>,
    pub profile: Profile,
}

/// What a person says of themself beyond a name: optional, "not stated" by default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Profile {
    pub full_name_ar: Option<String>,
    pub sex: Sex,
    pub birth_year: Option<i32>,
    pub region: Option<String>,
    pub commune: Option<String>,
    pub disability: Disability,
}

impl NewAccount {
    pub fn into_active_model(self) -> account::ActiveModel {
        let at = now();
        account::ActiveModel {
            email: Set(self.email),
            full_name: Set(self.full_name),
            full_name_ar: Set(self.profile.full_name_ar),
            sex: Set(self.profile.sex),
            birth_year: Set(self.profile.birth_year),
            region: Set(self.profile.region),
            commune: Set(self.profile.commune),
            disability: Set(self.profile.disability),
            role: Set(self.role),
            organisation_id: Set(self.organisation_id),
            category: Set(self.category),
            position: Set(self.position),
            phone: Set(self.phone),
            language: Set(self.language),
            password_hash: Set(self.password_hash),
            active: Set(true),
            created_at: Set(at),
            updated_at: Set(at),
            ..Default::default()
        }
    }
}

/// E-mail addresses compare case-insensitively; they are stored lower-case.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

pub async fn by_email(db: &impl ConnectionTrait, email: &str) -> Result<Option<account::Model>, DbErr> {
    account::Entity::find().filter(account::Column::Email.eq(normalise_email(email))).one(db).await
}

pub async fn by_id(db: &impl ConnectionTrait, id: i64) -> Result<Option<account::Model>, DbErr> {
    account::Entity::find_by_id(id).one(db).await
}

pub async fn insert(db: &impl ConnectionTrait, new: NewAccount) -> Result<account::Model, DbErr> {
    new.into_active_model().insert(db).await
}

pub async fn set_password(db: &impl ConnectionTrait, id: i64, hash: String) -> Result<(), DbErr> {
    account::Entity::update_many()
        .col_expr(account::Column::PasswordHash, Expr::value(hash))
        .col_expr(account::Column::UpdatedAt, Expr::value(now()))
        .filter(account::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn set_language(db: &impl ConnectionTrait, id: i64, lang: Lang) -> Result<(), DbErr> {
    account::Entity::update_many().col_expr(account::Column::Language, Expr::value(lang)).filter(account::Column::Id.eq(id)).exec(db).await?;
    Ok(())
}

/// Fields to change on an account; `None` leaves a field as it is.
pub struct Changes {
    pub full_name: Option<String>,
    pub full_name_ar: Option<Option<String>>,
    pub position: Option<Option<String>>,
    pub category: Option<Category>,
    pub active: Option<bool>,
}

pub async fn update(db: &impl ConnectionTrait, current: account::Model, changes: Changes) -> Result<account::Model, DbErr> {
    let mut model: account::ActiveModel = current.into();
    if let Some(name) = changes.full_name {
        model.full_name = Set(name);
    }
    if let Some(name) = changes.full_name_ar {
        model.full_name_ar = Set(name);
    }
    if let Some(position) = changes.position {
        model.position = Set(position);
    }
    if let Some(category) = changes.category {
        model.category = Set(Some(category));
    }
    if let Some(active) = changes.active {
        model.active = Set(active);
    }
    model.updated_at = Set(now());
    model.update(db).await
}

/// A whole profile, as its form sends it.
pub struct ProfileChanges {
    pub full_name: String,
    pub profile: Profile,
    pub language: Lang,
    /// `None` leaves the category as it is.
    pub category: Option<Category>,
    pub position: Option<String>,
    pub phone: Option<String>,
}

pub async fn update_profile(db: &impl ConnectionTrait, current: account::Model, changes: ProfileChanges) -> Result<account::Model, DbErr> {
    let mut model: account::ActiveModel = current.into();
    let ProfileChanges { full_name, profile, language, category, position, phone } = changes;
    model.full_name = Set(full_name);
    model.full_name_ar = Set(profile.full_name_ar);
    model.sex = Set(profile.sex);
    model.birth_year = Set(profile.birth_year);
    model.region = Set(profile.region);
    model.commune = Set(profile.commune);
    model.disability = Set(profile.disability);
    model.language = Set(language);
    if let Some(category) = category {
        model.category = Set(Some(category));
    }
    model.position = Set(position);
    model.phone = Set(phone);
    model.updated_at = Set(now());
    model.update(db).await
}

pub async fn count(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    account::Entity::find().count(db).await
}

/// A page of the accounts in `scope` matching `filter`.
pub async fn list(
    db: &impl ConnectionTrait,
    filter: &AccountFilter,
    scope: PeopleScope,
    page: PageQuery,
) -> Result<(Vec<(account::Model, Option<organisation::Model>)>, u64), DbErr> {
    let mut condition = Condition::all();
    if let PeopleScope::Organisation(org) = scope {
        condition = condition.add(account::Column::OrganisationId.eq(org));
    }
    if let Some(role) = filter.role {
        condition = condition.add(account::Column::Role.eq(role));
    }
    if let Some(org) = filter.organisation_id {
        condition = condition.add(account::Column::OrganisationId.eq(org));
    }
    if let Some(q) = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let pattern = format!("%{}%", q.to_lowercase().replace('%', ""));
        condition = condition.add(
            Condition::any()
                .add(Expr::expr(Func::lower(Expr::col(account::Column::FullName))).like(pattern.clone()))
                .add(account::Column::Email.like(pattern)),
        );
    }
    let query = account::Entity::find().filter(condition);
    let total = query.clone().count(db).await?;
    let accounts =
        query.order_by_asc(account::Column::FullName).order_by_asc(account::Column::Id).offset(page.offset()).limit(page.per_page).all(db).await?;
    let org_ids: Vec<i64> = accounts.iter().filter_map(|a| a.organisation_id).collect();
    let orgs = organisation::Entity::find().filter(organisation::Column::Id.is_in(org_ids)).all(db).await?;
    let rows = accounts
        .into_iter()
        .map(|a| {
            let org = a.organisation_id.and_then(|id| orgs.iter().find(|o| o.id == id).cloned());
            (a, org)
        })
        .collect();
    Ok((rows, total))
}

/// Accounts by e-mail (normalised), looked up in chunks.
pub async fn by_emails(db: &impl ConnectionTrait, emails: &[impl AsRef<str>]) -> Result<std::collections::HashMap<String, account::Model>, DbErr> {
    let mut found = std::collections::HashMap::new();
    for chunk in emails.chunks(500) {
        let accounts = account::Entity::find().filter(account::Column::Email.is_in(chunk.iter().map(AsRef::as_ref))).all(db).await?;
        found.extend(accounts.into_iter().map(|a| (a.email.clone(), a)));
    }
    Ok(found)
}

/// Inserts accounts in chunks (bulk imports).
pub async fn insert_many(db: &impl ConnectionTrait, accounts: Vec<NewAccount>) -> Result<(), DbErr> {
    let mut rows = accounts.into_iter().map(NewAccount::into_active_model).peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(1000).collect();
        account::Entity::insert_many(chunk).exec_without_returning(db).await?;
    }
    Ok(())
}

pub async fn by_ids(db: &impl ConnectionTrait, ids: &[i64]) -> Result<Vec<account::Model>, DbErr> {
    account::Entity::find().filter(account::Column::Id.is_in(ids.iter().copied())).all(db).await
}
