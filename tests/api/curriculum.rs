use cursus::service::curriculum;
use cursus_tests::harness::repo_root;
use cursus_tests::{Backend, both_backends, spawn_app};
use sea_orm::{ConnectionTrait, Statement};

/// Row counts of the curriculum tables, to compare before and after.
async fn snapshot(app: &cursus_tests::TestApp) -> Vec<(String, i64)> {
    let mut counts = Vec::new();
    for table in [
        "programmes",
        "module_families",
        "modules",
        "prerequisite_groups",
        "prerequisite_members",
        "module_sections",
        "assessments",
        "quiz_questions",
        "quiz_choices",
        "rubric_criteria",
        "rubric_levels",
    ] {
        let db = app.state.db.conn();
        let row =
            db.query_one_raw(Statement::from_string(db.get_database_backend(), format!("SELECT COUNT(*) AS n FROM {table}"))).await.unwrap().unwrap();
        counts.push((table.to_string(), row.try_get::<i64>("", "n").unwrap()));
    }
    let db = app.state.db.conn();
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), "SELECT MAX(updated_at) AS at FROM modules".to_string()))
        .await
        .unwrap()
        .unwrap();
    counts.push((
        "modules.updated_at".into(),
        row.try_get::<Option<String>>("", "at").ok().flatten().map(|s| i64::try_from(s.len()).unwrap_or(i64::MAX)).unwrap_or(-1),
    ));
    counts
}

both_backends!(loading_the_curricula_twice_changes_nothing, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let before = snapshot(&app).await;
    assert!(before.iter().any(|(t, n)| t == "modules" && *n == 25), "{before:?}");
    for path in curriculum::files_in(&repo_root().join("assets/curricula")).unwrap() {
        let report = curriculum::load_file(&app.state.db, &app.state.storage, &path, false).await.unwrap().unwrap();
        assert!(!report.changed(), "{}: {report:?}", path.display());
    }
    assert_eq!(snapshot(&app).await, before);
});

both_backends!(a_curriculum_file_with_a_cycle_is_refused_naming_it, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cycle.toml");
    std::fs::write(
        &path,
        "code = \"CYC\"\nissuer = \"X\"\ntitle = { fr = \"Cycle\" }\n\
         [[modules]]\ncode = \"A\"\nhours = 2\ntitle = { fr = \"A\" }\nrequires = [\"C\"]\n\
         [[modules]]\ncode = \"B\"\nhours = 2\ntitle = { fr = \"B\" }\nrequires = [\"A\"]\n\
         [[modules]]\ncode = \"C\"\nhours = 2\ntitle = { fr = \"C\" }\nrequires = [\"B\"]\n",
    )
    .unwrap();
    let before = snapshot(&app).await;
    let error = curriculum::load_file(&app.state.db, &app.state.storage, &path, false).await.unwrap_err().to_string();
    assert!(error.contains("prerequisite cycle: A → C → B → A"), "{error}");
    assert_eq!(snapshot(&app).await, before);

    std::fs::write(&path, "code = \"DUP\"\nissuer = \"X\"\ntitle = { fr = \"D\" }\n[[modules]]\ncode = \"A\"\nhours = 2\ntitle = { fr = \"A\" }\nrequires = [\"Z\"]\n[[modules]]\ncode = \"A\"\nhours = 2\ntitle = { fr = \"A2\" }\n").unwrap();
    let error = curriculum::load_file(&app.state.db, &app.state.storage, &path, false).await.unwrap_err().to_string();
    assert!(error.contains("duplicate module code `A`"), "{error}");
    assert!(error.contains("unknown module `Z`"), "{error}");
});
