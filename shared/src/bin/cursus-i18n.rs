//! Writes the browser's word lists, one JSON file per language and list
//! (`WordList::file`), into a directory: `cursus-i18n DIR`. Run by
//! scripts/build-web.sh beside each build of the bundles, whose key numbers
//! they match.
//!
//! A list holds the words its bundles' screens name: the keys written
//! `k::NAME` in their files and in the files every bundle shares (the
//! frontend's plumbing, shared/src). A phone on mobile data downloads the
//! map's list before its map shows, so it holds only what the map and the
//! modules name. Sections whose keys are built from codes at run time
//! (client-side validation messages) are held whole where forms check
//! themselves before sending.
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use cursus_shared::Lang;
use cursus_shared::i18n::{WordList, browser_catalogue};

/// The screens of the map bundle (frontend/src/main.rs): the map, modules,
/// their assessments, the open evaluations above the map.
const MAP_SCREENS: [&str; 5] = [
    "frontend/src/main.rs",
    "frontend/src/pages/home.rs",
    "frontend/src/pages/learner.rs",
    "frontend/src/pages/module.rs",
    "frontend/src/pages/evaluation.rs",
];

/// The screens of the account and sign-in bundles (frontend/src/account.rs,
/// entry.rs).
const LEARNER_SCREENS: [&str; 10] = [
    "frontend/src/account.rs",
    "frontend/src/entry.rs",
    "frontend/src/pages/attestations.rs",
    "frontend/src/pages/catalogue.rs",
    "frontend/src/pages/evaluation.rs",
    "frontend/src/pages/join.rs",
    "frontend/src/pages/login.rs",
    "frontend/src/pages/my_sessions.rs",
    "frontend/src/pages/profile.rs",
    "frontend/src/pages/set_password.rs",
];

/// Sections whose keys are looked up by name from a code
/// (`shared::validation`: `validation.{code}`), for forms that check
/// themselves (`components::invalid`); the map's screens have none.
const NAMED_AT_RUN_TIME: [&str; 1] = ["validation."];

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: cursus-i18n DIR");
        return ExitCode::from(2);
    };
    let named = match Named::read(&root()) {
        Ok(named) => named,
        Err(e) => {
            eprintln!("cursus-i18n: cannot read the sources under {}: {e}", root().display());
            return ExitCode::FAILURE;
        }
    };
    for lang in Lang::ALL {
        for list in WordList::ALL {
            let file = dir.join(list.file(lang));
            let words = browser_catalogue(lang, |name| named.holds(list, name));
            if let Err(e) = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&file, words)) {
                eprintln!("cursus-i18n: cannot write {}: {e}", file.display());
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The key constants named by each list's files.
struct Named {
    map: HashSet<String>,
    learner: HashSet<String>,
    staff: HashSet<String>,
}

/// Which lists a source file's words go to.
fn lists_of(file: &str) -> Vec<WordList> {
    let screen = file.starts_with("frontend/src/pages/") && file != "frontend/src/pages/mod.rs"
        || ["frontend/src/main.rs", "frontend/src/account.rs", "frontend/src/entry.rs", "frontend/src/staff.rs"].contains(&file);
    if !screen {
        return WordList::ALL.to_vec();
    }
    let mut lists = vec![WordList::Staff];
    if MAP_SCREENS.contains(&file) {
        lists.push(WordList::Map);
    }
    if LEARNER_SCREENS.contains(&file) {
        lists.push(WordList::Learner);
    }
    lists
}

impl Named {
    fn read(root: &Path) -> std::io::Result<Named> {
        let mut named = Named { map: HashSet::new(), learner: HashSet::new(), staff: HashSet::new() };
        for path in sources(root)? {
            let text = std::fs::read_to_string(&path)?;
            // Tests name keys the app does not show.
            let keys = constants(text.split("#[cfg(test)]").next().unwrap_or_default());
            for list in lists_of(&relative(root, &path)) {
                named.of(list).extend(keys.iter().cloned());
            }
        }
        Ok(named)
    }

    fn of(&mut self, list: WordList) -> &mut HashSet<String> {
        match list {
            WordList::Map => &mut self.map,
            WordList::Learner => &mut self.learner,
            WordList::Staff => &mut self.staff,
        }
    }

    fn holds(&self, list: WordList, name: &str) -> bool {
        if list != WordList::Map && NAMED_AT_RUN_TIME.iter().any(|section| name.starts_with(section)) {
            return true;
        }
        // `ui.sign_in` is written `k::UI_SIGN_IN`.
        let constant = name.replace('.', "_").to_uppercase();
        match list {
            WordList::Map => self.map.contains(&constant),
            WordList::Learner => self.learner.contains(&constant),
            WordList::Staff => self.staff.contains(&constant),
        }
    }
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).to_string_lossy().replace('\\', "/")
}

fn sources(root: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut dirs = vec![root.join("frontend/src"), root.join("shared/src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() {
                // This tool's own sources are not the app's.
                if !path.ends_with("bin") {
                    dirs.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    Ok(files)
}

/// The key constants `k::NAME` written in `code`.
fn constants(code: &str) -> Vec<String> {
    code.match_indices("k::")
        .map(|(at, _)| &code[at + 3..])
        .map(|rest| rest.chars().take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '_').collect::<String>())
        .filter(|name| !name.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named() -> Named {
        Named::read(&root()).expect("sources")
    }

    #[test]
    fn each_list_holds_the_words_of_its_screens_and_no_others() {
        let named = named();
        let holds = |list, name: &str| named.holds(list, name);
        use WordList::{Learner, Map, Staff};
        // The map, a module's quiz, the outbox: in the map's list (and the others').
        for name in ["ui.completed_of", "ui.submit", "learning.waiting_to_send", "learning.file_lost", "evaluation.open_title"] {
            assert!(holds(Map, name) && holds(Staff, name), "{name}");
        }
        // The sign-in page and the attestations: the learner's list, not the map's.
        for name in ["ui.login_title", "ui.download_pdf"] {
            assert!(holds(Learner, name) && holds(Staff, name) && !holds(Map, name), "{name}");
        }
        // Forms that check themselves name their messages from a code.
        assert!(holds(Learner, "validation.password_too_short") && holds(Staff, "validation.email") && !holds(Map, "validation.password_too_short"));
        // Authoring and the import preview: staff screens only.
        for name in ["author.authors", "ui.import_help", "ui.confirm_import"] {
            assert!(!holds(Map, name) && !holds(Learner, name) && holds(Staff, name), "{name}");
        }
        // Words only the server writes (mails) are in none.
        assert!(WordList::ALL.iter().all(|list| !holds(*list, "mail.attestation_subject")));
    }

    /// The file lists above are the bundles' screens: every page file is
    /// someone's, each bundle's routes show screens of its list, a screen
    /// shows other screens' components only from its own list, and the map's
    /// screens never check a form themselves (their list has no validation
    /// messages).
    #[test]
    fn the_lists_follow_the_bundles_routes() {
        let root = root();
        let files = sources(&root).expect("sources");
        let text = |file: &str| std::fs::read_to_string(root.join(file)).expect(file);
        for file in MAP_SCREENS.iter().chain(&LEARNER_SCREENS) {
            assert!(root.join(file).is_file(), "{file} is listed but does not exist");
        }
        // Where each component is defined.
        let defined_in = |component: &str| {
            files
                .iter()
                .map(|p| relative(&root, p))
                .find(|f| f.starts_with("frontend/src/pages/") && text(f).contains(&format!("pub fn {component}(")))
        };
        for (bin, list) in
            [("frontend/src/main.rs", WordList::Map), ("frontend/src/account.rs", WordList::Learner), ("frontend/src/entry.rs", WordList::Learner)]
        {
            let routes = text(bin);
            let shown: Vec<&str> = routes.split("view=pages::").skip(1).map(|rest| rest.split(['/', ' ', '>']).next().unwrap_or_default()).collect();
            assert!(!shown.is_empty(), "{bin} has routes");
            for component in shown {
                let component = component.rsplit("::").next().unwrap_or(component);
                let file = defined_in(component).unwrap_or_else(|| panic!("{bin}: {component} is defined in no page"));
                assert!(lists_of(&file).contains(&list), "{bin} shows {component} of {file}, whose words are not in its list");
            }
        }
        for page in files.iter().map(|p| relative(&root, p)).filter(|f| f.starts_with("frontend/src/pages/")) {
            let lists = lists_of(&page);
            let body = text(&page);
            for list in lists.iter().filter(|l| **l != WordList::Staff) {
                for (at, _) in body.match_indices("pages::").chain(body.match_indices("super::")) {
                    let path: String = body[at..].split(['<', '>', ' ', '(', ';', '/']).next().unwrap_or_default().to_string();
                    let Some(component) = path.rsplit("::").next().filter(|c| c.starts_with(char::is_uppercase)) else { continue };
                    if let Some(file) = defined_in(component) {
                        assert!(lists_of(&file).contains(list), "{page} shows {component} of {file}, whose words are not in the {list:?} list");
                    }
                }
            }
            if lists.contains(&WordList::Map) {
                for check in ["invalid(", "dispatch_valid(", "field_errors("] {
                    assert!(!body.contains(check), "{page} checks a form itself ({check}) but the map's list has no validation messages");
                }
            }
        }
    }

    #[test]
    fn key_constants_are_read_as_written() {
        assert_eq!(constants("tr(k::UI_SIGN_IN); t(lang, k::PROBLEM_NOT_FOUND_2)"), ["UI_SIGN_IN", "PROBLEM_NOT_FOUND_2"]);
        assert!(constants("use shared::i18n::k;").is_empty());
    }
}
