use super::*;

const YEAR: i32 = 2026;

#[test]
fn an_organisation_is_named_by_name_short_name_or_acronym() {
    let ena = "École nationale d'administration";
    for named in ["", "ENA", "ena", "E.N.A.", "ecole nationale d'administration", "École Nationale d’Administration"] {
        assert!(names_organisation(ena, named), "{named:?}");
    }
    assert!(names_organisation("Centre de formation à distance (CFAD)", "CFAD"));
    // The short name before a dash, as many organisations are registered.
    let dashed = "ENA — École nationale d'administration";
    for named in ["ENA", "Ena", "École nationale d'administration", dashed] {
        assert!(names_organisation(dashed, named), "{named:?}");
    }
    assert!(!names_organisation(dashed, "CFAD"));
    assert!(names_organisation("CFAD - Centre de formation à distance", "CFAD"));
    assert!(names_organisation("Centre de formation à distance (CFAD)", "Centre de formation à distance"));
    for other in ["CFAD", "EN", "Ecole nationale", "ENAM"] {
        assert!(!names_organisation(ena, other), "{other:?}");
    }
}

const HEADER: &str = "email,first_name,last_name,category,organisation,position,phone\n";

#[test]
fn a_bom_semicolons_quotes_and_arabic_names_are_read() {
    let text = "\u{feff}email;prénom;nom;catégorie;organisation;fonction;téléphone\n\
                \"karim@ena.tn\";\"Karim\";\"Ben Salah; fils\";public_actor;ENA;Gouverneur;+216 71 000 000\n\
                salma@ena.tn;سلمى;الإدريسي;Acteur public;ENA;Déléguée;\n";
    let (rows, _) = parse(text.as_bytes(), YEAR).expect("parses");
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].last_name, "Ben Salah; fils");
    assert_eq!(rows[0].category, Some(Category::PublicActor));
    assert_eq!(rows[1].full_name(), "سلمى الإدريسي");
    assert_eq!(rows[1].category, Some(Category::PublicActor), "a French label is a category too");
    assert!(rows.iter().all(|r| r.issues.is_empty()), "{rows:?}");
    assert_eq!(rows[1].row, 3);
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures").join(name)).expect("fixture")
}

#[test]
fn one_list_saved_five_ways_gives_the_same_people() {
    let (people, reading) = parse(&fixture("people-20.utf8-bom.csv"), YEAR).expect("parses");
    assert_eq!(reading, Reading::Text { encoding: "UTF-8", separator: ';' });
    assert_eq!(people.len(), 20);
    assert!(people.iter().all(|r| r.issues.is_empty()), "{people:?}");
    assert_eq!(people[1].full_name(), "Zoé Cœurdacier");
    assert_eq!(people[6].position, "Chargée d’études");
    // Spelt as people spell them: `Femme`, a whole date, `arabe`.
    assert_eq!((people[1].sex, people[1].birth_year, people[1].language), (Sex::Female, Some(1995), Some(Lang::Fr)));
    assert_eq!((people[3].sex, people[3].birth_year), (Sex::Female, Some(1968)), "féminin, 1968-06-01");
    assert_eq!((people[5].first_name_ar.as_deref(), people[5].last_name_ar.as_deref()), (Some("مريم"), Some("بن سعيد")));
    assert_eq!((people[5].language, people[5].commune.as_deref()), (Some(Lang::Ar), Some("Sfax")));
    assert_eq!((people[7].sex, people[8].sex, people[8].birth_year, people[8].language), (Sex::Male, Sex::NotStated, None, None), "M; empty cells");
    for (name, expected) in [
        // Excel's "Texte Unicode": UTF-16 with a BOM, tab-separated.
        ("people-20.utf16.txt", Reading::Text { encoding: "UTF-16LE", separator: '\t' }),
        ("people-20.xlsx", Reading::Spreadsheet),
        // Arabic Windows' CSV, with Arabic headers and أنثى / العربية in the cells.
        ("people-20.cp1256.csv", Reading::Text { encoding: "windows-1256", separator: ';' }),
    ] {
        let (rows, reading) = parse(&fixture(name), YEAR).expect(name);
        assert_eq!(reading, expected, "{name}");
        assert_eq!(rows, people, "{name}");
    }
    // French Excel on Windows, "CSV (séparateur : point-virgule)": œ and ’
    // exist in Windows-1252, not in ISO-8859-1; Arabic letters exist in
    // neither, so that version has no Arabic name columns.
    let (rows, reading) = parse(&fixture("people-20.cp1252.csv"), YEAR).expect("cp1252");
    assert_eq!(reading, Reading::Text { encoding: "windows-1252", separator: ';' });
    let without_arabic: Vec<Row> = people.into_iter().map(|r| Row { first_name_ar: None, last_name_ar: None, ..r }).collect();
    assert_eq!(rows, without_arabic);
}

#[test]
fn every_new_column_says_what_it_accepts() {
    let text = "email,first_name,last_name,category,organisation,position,sex,birth_year,language,disability\n\
                a@b.ma,A,B,student,,,X,1890,klingon,peut-être\n\
                c@b.ma,C,D,student,,,أنثى,2020,العربية,oui\n\
                e@b.ma,E,F,student,,,h,31/12/2000,English,non\n";
    let (rows, _) = parse(text.as_bytes(), YEAR).expect("parses");
    let issues = |r: &Row| r.issues.iter().map(|i| (i.column, message(i, Lang::Fr))).collect::<Vec<_>>();
    assert_eq!(
        issues(&rows[0]),
        vec![
            ("sex", "Valeur inconnue : écrivez F ou H (Femme, Homme), ou laissez vide.".to_string()),
            ("disability", "Valeur inconnue : écrivez oui ou non, ou laissez vide.".to_string()),
            ("language", "Langue inconnue : écrivez fr, ar ou en (français, arabe, anglais).".to_string()),
            ("birth_year", "Année de naissance invraisemblable : entre 1926 et 2016.".to_string()),
        ]
    );
    assert_eq!(issues(&rows[1]), vec![("birth_year", "Année de naissance invraisemblable : entre 1926 et 2016.".to_string())], "ten years old");
    assert_eq!((rows[1].sex, rows[1].language, rows[1].disability), (Sex::Female, Some(Lang::Ar), Disability::Yes));
    assert!(rows[2].issues.is_empty(), "{:?}", rows[2].issues);
    assert_eq!((rows[2].sex, rows[2].birth_year, rows[2].language, rows[2].disability), (Sex::Male, Some(2000), Some(Lang::En), Disability::No));
}

#[test]
fn utf16_without_a_bom_is_refused_and_with_one_keeps_arabic_names() {
    let text = "email\tfirst_name\tlast_name\tcategory\torganisation\tposition\nsalma@ena.tn\tسلمى\tالإدريسي\tstudent\t\t\n";
    let mut bytes = vec![0xff, 0xfe];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let (rows, reading) = parse(&bytes, YEAR).expect("parses");
    assert_eq!(reading, Reading::Text { encoding: "UTF-16LE", separator: '\t' });
    assert_eq!(rows[0].full_name(), "سلمى الإدريسي");
    let mut big_endian = vec![0xfe, 0xff];
    big_endian.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    assert_eq!(parse(&big_endian, YEAR).expect("parses").0, rows);
    // UTF-16 with no BOM has NUL bytes: no text file, said plainly.
    assert_eq!(parse(&bytes[2..], YEAR).unwrap_err(), FileError::NotTabular);
}

#[test]
fn bad_cells_are_reported_by_row_and_column() {
    let text = format!("{HEADER}not-an-email,A,B,student,,,\nx@y.ma,,B,astronaut,,,12\nx@y.ma,C,D,student,,,\n");
    let (rows, _) = parse(text.as_bytes(), YEAR).expect("parses");
    let issues: Vec<(usize, &str, &str)> = rows.iter().flat_map(|r| r.issues.iter().map(|i| (i.row, i.column, i.code))).collect();
    assert_eq!(
        issues,
        vec![
            (2, "email", "email"),
            (3, "first_name", "required"),
            (3, "category", "unknown_category"),
            (3, "phone", "phone"),
            (4, "email", "duplicate_row")
        ]
    );
    assert_eq!(message(&rows[2].issues[0], Lang::Fr), "Adresse déjà présente à la ligne 3.");
}

#[test]
fn file_level_problems() {
    assert_eq!(parse(b"", YEAR).unwrap_err(), FileError::Empty);
    assert_eq!(parse(HEADER.as_bytes(), YEAR).unwrap_err(), FileError::Empty);
    assert_eq!(
        parse(b"email,first_name\nx@y.ma,A\n", YEAR).unwrap_err(),
        FileError::MissingColumns(vec!["last_name", "category", "organisation", "position"])
    );
    assert_eq!(parse(&[0xff, 0xfe, 0x00, 0x41, 0x42], YEAR).unwrap_err(), FileError::NotTabular, "odd UTF-16");
    assert_eq!(parse(b"\x00\x01binary\x02", YEAR).unwrap_err(), FileError::NotTabular, "control characters");
    let many = format!("{HEADER}{}", "a@b.ma,A,B,student,,,\n".repeat(MAX_ROWS + 1));
    assert_eq!(parse(many.as_bytes(), YEAR).unwrap_err(), FileError::TooManyRows);
}
