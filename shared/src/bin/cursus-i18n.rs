//! Writes the browser's translation catalogues, one JSON file per language,
//! into a directory: `cursus-i18n DIR`. Run by scripts/build-web.sh beside
//! each build of the bundles, whose key numbers they match.
use std::path::PathBuf;
use std::process::ExitCode;

use cursus_shared::Lang;
use cursus_shared::i18n::browser_catalogue;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: cursus-i18n DIR");
        return ExitCode::from(2);
    };
    for lang in Lang::ALL {
        let file = dir.join(format!("{}.json", lang.code()));
        if let Err(e) = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&file, browser_catalogue(lang))) {
            eprintln!("cursus-i18n: cannot write {}: {e}", file.display());
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
