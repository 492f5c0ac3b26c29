//! Column shapes used across the schema, so every table spells them the same way.
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema;

pub fn id() -> ColumnDef {
    schema::big_pk_auto("id")
}

pub fn reference(name: &'static str) -> ColumnDef {
    schema::big_integer(name)
}

pub fn reference_null(name: &'static str) -> ColumnDef {
    schema::big_integer_null(name)
}

pub fn at(name: &'static str) -> ColumnDef {
    schema::timestamp_with_time_zone(name)
}

pub fn at_null(name: &'static str) -> ColumnDef {
    schema::timestamp_with_time_zone_null(name)
}

/// A text column restricted to a closed vocabulary (mirrors the enums in `shared`).
pub fn one_of(name: &'static str, values: &[&str]) -> ColumnDef {
    schema::string(name).check(Expr::col(name).is_in(values.iter().copied())).take()
}

/// A foreign key from `table.column` to `target.id`.
pub fn fk(table: &'static str, column: &'static str, target: &'static str, on_delete: ForeignKeyAction) -> ForeignKeyCreateStatement {
    ForeignKey::create().name(format!("fk_{table}_{column}")).from(table, column).to(target, "id").on_delete(on_delete).take()
}

pub fn index(table: &'static str, columns: &[&'static str]) -> IndexCreateStatement {
    let mut statement = Index::create();
    statement.name(format!("ix_{table}_{}", columns.join("_"))).table(table);
    for column in columns {
        statement.col(*column);
    }
    statement.take()
}

pub fn unique(table: &'static str, columns: &[&'static str]) -> IndexCreateStatement {
    let mut statement = index(table, columns);
    statement.name(format!("ux_{table}_{}", columns.join("_"))).unique();
    statement
}

pub const ROLES: [&str; 4] = ["learner", "trainer", "partner", "admin"];
pub const LANGS: [&str; 3] = ["fr", "ar", "en"];
