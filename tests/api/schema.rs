//! The schema as the code reads it: each column restricted to a closed
//! vocabulary allows exactly the values of its enum in `shared`, and the
//! migration that moved the pass mark keeps the mark administrators set.
use cursus_tests::database::{drop_postgres_database, new_empty_postgres_database};
use cursus_tests::{Backend, both_backends, spawn_app};
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};
use shared::Lang;
use shared::enums::{
    AssessmentKind, AttemptStatus, AttendanceBasis, AttendanceStatus, AttestationKind, AttestationStatus, Category, EnrolmentSource, EnrolmentStatus,
    OrganisationKind, OutboxStatus, QuestionKind, Role, SectionKind, TokenPurpose,
};

fn sorted(values: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut v: Vec<String> = values.into_iter().collect();
    v.sort();
    v
}

fn codes<T: std::fmt::Display>(all: &[T]) -> Vec<String> {
    sorted(all.iter().map(ToString::to_string))
}

/// The values a CHECK constraint allows for `table.column`, read back from the database.
async fn allowed(db: &DatabaseConnection, table: &str, column: &str) -> Vec<String> {
    let backend = db.get_database_backend();
    let definitions: Vec<String> = match backend {
        sea_orm::DatabaseBackend::Postgres => {
            let sql =
                format!("SELECT pg_get_constraintdef(c.oid) AS def FROM pg_constraint c WHERE c.conrelid = '{table}'::regclass AND c.contype = 'c'");
            db.query_all_raw(Statement::from_string(backend, sql)).await.unwrap().iter().map(|r| r.try_get::<String>("", "def").unwrap()).collect()
        }
        _ => {
            let sql = format!("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = '{table}'");
            let create: String = db.query_one_raw(Statement::from_string(backend, sql)).await.unwrap().unwrap().try_get("", "sql").unwrap();
            create.split("CHECK").skip(1).map(str::to_string).collect()
        }
    };
    let quoted = |text: &str| -> Vec<String> { text.split('\'').skip(1).step_by(2).map(str::to_string).collect() };
    let matching: Vec<&String> =
        definitions.iter().filter(|d| d.contains(&format!("\"{column}\" IN")) || d.contains(&format!("({column})::text = ANY"))).collect();
    assert_eq!(matching.len(), 1, "one vocabulary constraint on {table}.{column}: {definitions:?}");
    // On SQLite the CREATE TABLE text runs on past the constraint: keep its parentheses only.
    let def = matching[0];
    let end = def.find("))").map_or(def.len(), |e| e + 2);
    sorted(quoted(&def[..end]))
}

both_backends!(every_vocabulary_column_allows_exactly_its_enum, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let db = app.state.db.conn();
    let expected: Vec<(&str, &str, Vec<String>)> = vec![
        ("accounts", "role", codes(Role::ALL)),
        ("accounts", "language", codes(&Lang::ALL)),
        ("organisations", "kind", codes(OrganisationKind::ALL)),
        ("password_tokens", "purpose", codes(TokenPurpose::ALL)),
        ("module_sections", "kind", codes(SectionKind::ALL)),
        ("assessments", "kind", codes(AssessmentKind::ALL)),
        ("quiz_questions", "kind", codes(QuestionKind::ALL)),
        ("enrolments", "source", codes(EnrolmentSource::ALL)),
        ("enrolments", "status", codes(EnrolmentStatus::ALL)),
        ("attempts", "status", codes(AttemptStatus::ALL)),
        ("attestations", "kind", codes(AttestationKind::ALL)),
        ("attestations", "status", codes(AttestationStatus::ALL)),
        ("outbox_mails", "status", codes(OutboxStatus::ALL)),
        ("attendances", "status", codes(AttendanceStatus::ALL)),
        ("cohorts", "attendance_basis", codes(AttendanceBasis::ALL)),
    ];
    for (table, column, values) in expected {
        assert_eq!(allowed(db, table, column).await, values, "{table}.{column}");
    }
    // Categories are rows of a table the accounts refer to.
    let rows = db.query_all_raw(Statement::from_string(db.get_database_backend(), "SELECT code FROM learner_categories")).await.unwrap();
    assert_eq!(sorted(rows.iter().map(|r| r.try_get::<String>("", "code").unwrap())), codes(Category::ALL));
});

/// A database at migration 4, the shape before the pass mark moved.
async fn old_shape(backend: Backend) -> (DatabaseConnection, Option<String>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let (url, name) = match backend {
        Backend::Sqlite => (format!("sqlite://{}?mode=rwc", dir.path().join("old.db").display()), None),
        Backend::Postgres => {
            let (url, name) = new_empty_postgres_database().await;
            (url, Some(name))
        }
    };
    let db = Database::connect(url).await.unwrap();
    Migrator::up(&db, Some(4)).await.unwrap();
    (db, name, dir)
}

both_backends!(the_pass_mark_moves_to_the_assessment_keeping_what_administrators_set, |backend: Backend| async move {
    let (db, name, _dir) = old_shape(backend).await;
    let run = |sql: &str| {
        let statement = Statement::from_string(db.get_database_backend(), sql.to_string());
        let db = &db;
        async move { db.execute_raw(statement).await.unwrap() }
    };
    let at = "'2026-11-01 10:00:00+00:00'";
    run(&format!("INSERT INTO programmes (id, code, title_fr, summary_fr, issuer, bilingual_attestations, created_at, updated_at) VALUES (1, 'P', 'Programme', '', 'Émetteur', false, {at}, {at})")).await;
    // The administrator set 75 on the module; grading read the assessment's 60.
    run(&format!("INSERT INTO modules (id, programme_id, code, title_fr, summary_fr, hours, position, pass_mark, created_at, updated_at) VALUES (1, 1, 'M1', 'Un', '', 6, 1, 75, {at}, {at})")).await;
    run(&format!("INSERT INTO modules (id, programme_id, code, title_fr, summary_fr, hours, position, pass_mark, created_at, updated_at) VALUES (2, 1, 'M2', 'Deux', '', 6, 2, 80, {at}, {at})")).await;
    run(&format!(
        "INSERT INTO assessments (id, module_id, kind, title, pass_mark, accepts_file, created_at) VALUES (1, 1, 'quiz', 'Quiz', 60, false, {at})"
    ))
    .await;

    Migrator::up(&db, None).await.unwrap();
    let backend_db = db.get_database_backend();
    let mark = db.query_one_raw(Statement::from_string(backend_db, "SELECT pass_mark FROM assessments WHERE id = 1")).await.unwrap().unwrap();
    assert_eq!(mark.try_get::<i32>("", "pass_mark").unwrap(), 75, "the mark the administrator set");
    let columns = match backend {
        Backend::Sqlite => db.query_all_raw(Statement::from_string(backend_db, "SELECT name FROM pragma_table_info('modules')")).await.unwrap(),
        Backend::Postgres => db
            .query_all_raw(Statement::from_string(
                backend_db,
                "SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'modules'",
            ))
            .await
            .unwrap(),
    };
    let names: Vec<String> = columns.iter().map(|r| r.try_get::<String>("", "name").unwrap()).collect();
    assert!(names.contains(&"hours".to_string()) && !names.contains(&"pass_mark".to_string()), "{names:?}");
    // Down to the old shape and up again: the data survives both ways.
    let since_the_move = u32::try_from(Migrator::migrations().len() - 4).unwrap();
    Migrator::down(&db, Some(since_the_move)).await.unwrap();
    let back = db.query_one_raw(Statement::from_string(backend_db, "SELECT pass_mark FROM modules WHERE id = 1")).await.unwrap().unwrap();
    assert_eq!(back.try_get::<i32>("", "pass_mark").unwrap(), 75);
    Migrator::up(&db, None).await.unwrap();
    db.close().await.unwrap();
    if let Some(name) = name {
        drop_postgres_database(name);
    }
});
