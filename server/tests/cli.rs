#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The `cursus` binary as operators script it (SQLite in a temporary folder).
use std::io::Write as _;
use std::process::{Command, Stdio};

fn cursus(data_dir: &std::path::Path, args: &[&str], stdin: Option<&str>) -> (bool, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cursus"))
        .args(args)
        .env_remove("DATABASE_URL")
        .env("CURSUS_DATA_DIR", data_dir)
        .env("CURSUS_ASSETS_DIR", concat!(env!("CARGO_MANIFEST_DIR"), "/../assets"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cursus runs");
    if let Some(text) = stdin {
        child.stdin.take().expect("stdin").write_all(text.as_bytes()).expect("write");
    } else {
        drop(child.stdin.take());
    }
    let output = child.wait_with_output().expect("output");
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.success(), text)
}

#[test]
fn user_create_reads_the_password_from_stdin_and_refuses_bad_input() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (ok, out) = cursus(
        dir.path(),
        &[
            "user",
            "create",
            "--role",
            "partner",
            "--email",
            "Manager@CFAD.tn",
            "--name",
            "Leïla Ben Salah",
            "--organisation",
            "CFAD",
            "--password-stdin",
        ],
        Some("une phrase de passe solide\n"),
    );
    assert!(ok, "{out}");
    assert!(out.contains("created partner account"), "{out}");
    assert!(out.contains("manager@cfad.tn"), "{out}");

    let (ok, out) = cursus(
        dir.path(),
        &["user", "create", "--role", "learner", "--email", "manager@cfad.tn", "--name", "X", "--password-stdin"],
        Some("une autre phrase solide\n"),
    );
    assert!(!ok && out.contains("--email: This e-mail address is already in use."), "{out}");
    let (ok, out) =
        cursus(dir.path(), &["user", "create", "--role", "learner", "--email", "x@y.tn", "--name", "X", "--password-stdin"], Some("court\n"));
    assert!(!ok && out.contains("at least 10 characters"), "{out}");
    let (ok, out) = cursus(dir.path(), &["user", "create", "--role", "partner", "--email", "p@y.tn", "--name", "P"], None);
    assert!(!ok && out.contains("--organisation"), "{out}");
    let (ok, out) = cursus(dir.path(), &["user", "create", "--role", "boss", "--email", "p@y.tn", "--name", "P"], None);
    assert!(!ok && out.contains("admin, trainer, partner or learner"), "{out}");
}

#[test]
fn curriculum_load_reports_no_change_the_second_time() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (ok, out) = cursus(dir.path(), &["curriculum", "load"], None);
    assert!(ok, "{out}");
    assert!(out.contains("pasc.toml: programme created (modules: 9 created"), "{out}");
    assert!(out.contains("takwia.toml: programme created (modules: 16 created"), "{out}");
    let (ok, out) = cursus(dir.path(), &["curriculum", "load"], None);
    assert!(ok, "{out}");
    assert_eq!(out.matches("already up to date").count(), 2, "{out}");
}

#[test]
fn help_lists_the_commands() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (ok, out) = cursus(dir.path(), &["--help"], None);
    assert!(ok);
    for command in ["serve", "migrate", "user", "curriculum"] {
        assert!(out.contains(command), "{out}");
    }
}

#[test]
fn enrolments_import_from_the_command_line() {
    use std::io::BufRead as _;
    let dir = tempfile::tempdir().expect("temp dir");
    // A first `serve` creates the demo cohorts (PASC is cohort 1, Takwia 2); then stop it.
    let mut server = Command::new(env!("CARGO_BIN_EXE_cursus"))
        .arg("serve")
        .env_remove("DATABASE_URL")
        .env("CURSUS_DATA_DIR", dir.path())
        .env("CURSUS_BIND", "127.0.0.1:0")
        .env("CURSUS_ASSETS_DIR", concat!(env!("CARGO_MANIFEST_DIR"), "/../assets"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve");
    let stdout = server.stdout.take().expect("stdout");
    for line in std::io::BufReader::new(stdout).lines() {
        if line.expect("line").contains("Cursus is running") {
            break;
        }
    }
    server.kill().expect("kill");
    let _ = server.wait();

    let file = dir.path().join("people.csv");
    std::fs::write(
        &file,
        "email;first_name;last_name;category;organisation;position\nrim@cfad.tn;Rim;Jaziri;public_actor;CFAD;Déléguée\nbad;X;Y;student;CFAD;\n",
    )
    .expect("write");
    let path = file.to_str().expect("path");
    let (ok, out) = cursus(dir.path(), &["enrolments", "import", path, "--cohort", "2", "--dry-run"], None);
    assert!(ok, "{out}");
    assert!(out.contains("row 3 [email]: Adresse e-mail invalide."), "{out}");
    assert!(out.contains("dry run: 2 rows — 1 new accounts, 1 enrolled, 0 already enrolled, 1 with errors"), "{out}");
    let (ok, out) = cursus(dir.path(), &["enrolments", "import", path, "--cohort", "2"], None);
    assert!(!ok, "{out}");
    assert!(out.contains("nothing was imported"), "{out}");
    std::fs::write(&file, "email;first_name;last_name;category;organisation;position\nrim@cfad.tn;Rim;Jaziri;public_actor;CFAD;Déléguée\n")
        .expect("write");
    let (ok, out) = cursus(dir.path(), &["enrolments", "import", path, "--cohort", "2"], None);
    assert!(ok, "{out}");
    assert!(out.contains("imported: 1 rows — 1 new accounts, 1 enrolled"), "{out}");
    let (ok, out) = cursus(dir.path(), &["enrolments", "import", path, "--cohort", "2"], None);
    assert!(ok && out.contains("1 already enrolled"), "{out}");
    let (ok, out) = cursus(dir.path(), &["enrolments", "import", path, "--cohort", "99"], None);
    assert!(!ok && out.contains("Introuvable"), "{out}");
}
