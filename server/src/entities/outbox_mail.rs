use sea_orm::entity::prelude::*;
use shared::enums::OutboxStatus;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox_mails")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub dedupe_key: Option<String>,
    pub to_address: String,
    pub to_name: String,
    pub subject: String,
    #[sea_orm(column_type = "Text")]
    pub body_text: String,
    #[sea_orm(column_type = "Text")]
    pub body_html: Option<String>,
    pub attachment_key: Option<String>,
    pub attachment_name: Option<String>,
    pub status: OutboxStatus,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    pub locked_by: Option<String>,
    pub locked_until: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text")]
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
