//! Reading uploads: CSV and XLSX, Dutch and English headers, and every refusal naming its row
//! and column.

mod common;

use common::{csv, rows, xlsx};
use imvo_locations::upload::{
    Column, Format, Limits, Problem, RowError, UploadError, parse, parse_auto,
};

fn read(text: &str) -> imvo_locations::upload::Parsed {
    parse(text.as_bytes(), Format::Csv, &Limits::default()).unwrap()
}

fn problems(text: &str) -> Vec<RowError> {
    read(text).refused
}

#[test]
fn a_dutch_list_reads_with_every_column() {
    let text = "Naam;Adres;Land;Sector;Producttype;Type faciliteit;Verwerkingstype;Aantal werknemers;Moederbedrijf;Breedtegraad;Lengtegraad\n\
                Sunrise Garments Ltd;Plot 12, Road 5, Ashulia;Bangladesh;Kleding;T-shirts;Confectie;Naaien;1.200;Sunrise Group;23,87;90,31\n";
    let parsed = read(text);
    assert!(parsed.refused.is_empty(), "{:?}", parsed.refused);
    let r = &parsed.rows[0];
    assert_eq!(r.row, 1);
    assert_eq!(r.name, "Sunrise Garments Ltd");
    assert_eq!(r.country.alpha2(), "BD");
    assert_eq!(r.number_of_workers, Some(1200));
    assert_eq!(r.parent_company.as_deref(), Some("Sunrise Group"));
    assert_eq!(r.processing_type.as_deref(), Some("Naaien"));
    let c = r.coordinates.unwrap();
    assert!((c.lat - 23.87).abs() < 1e-9 && (c.lng - 90.31).abs() < 1e-9);
}

#[test]
fn an_xlsx_list_reads_like_its_csv() {
    let table = rows(&[
        &[
            "Name",
            "Address",
            "Country",
            "Number of workers",
            "lat",
            "lng",
        ],
        &[
            "Sunrise Garments",
            "Plot 12, Road 5",
            "BD",
            "250",
            "23.8",
            "90.3",
        ],
        &["", "", "", "", "", ""],
        &[
            "Hòa Thọ Textile",
            "36 Ông Ích Đường, Đà Nẵng",
            "Viet Nam",
            "",
            "",
            "",
        ],
    ]);
    let from_xlsx = parse(&xlsx(&table), Format::Xlsx, &Limits::default()).unwrap();
    let from_csv = read(&csv(&table));
    assert_eq!(from_xlsx.rows, from_csv.rows);
    assert_eq!(
        from_xlsx.rows[0].number_of_workers,
        Some(250),
        "a number cell reads as 250, not 250.0"
    );
    assert_eq!(from_xlsx.rows[1].row, 3, "the empty row keeps its number");
    assert_eq!(Format::sniff(&xlsx(&table)), Format::Xlsx);
    assert_eq!(
        parse_auto(&xlsx(&table), &Limits::default())
            .unwrap()
            .rows
            .len(),
        2
    );
}

#[test]
fn every_problem_names_its_row_and_column() {
    let text = "name,address,country,number_of_workers,lat,lng\n\
                Good,Road 1,BD,10,,\n\
                ,Road 2,BD,,,\n\
                C,Road 3,Atlantis,,,\n\
                D,Road 4,BD,-5,,\n\
                E,Road 5,BD,1001-5000,,\n\
                F,Road 6,BD,,95,10\n\
                G,Road 7,BD,,10,\n\
                H,Road 8,BD,,abc,10\n";
    let p = problems(text);
    let find = |row: usize| {
        p.iter()
            .find(|e| e.row == row)
            .unwrap_or_else(|| panic!("row {row} not refused: {p:?}"))
    };
    assert_eq!(
        (find(2).column, &find(2).problem),
        (Some(Column::Name), &Problem::Empty)
    );
    assert_eq!(find(3).column, Some(Column::Country));
    assert!(matches!(find(3).problem, Problem::UnknownCountry { .. }));
    assert!(matches!(find(4).problem, Problem::Workers { .. }));
    assert!(matches!(find(5).problem, Problem::Workers { .. }));
    assert_eq!(find(6).column, Some(Column::Lat));
    assert!(matches!(find(6).problem, Problem::OutOfRange { .. }));
    assert_eq!(
        (find(7).column, &find(7).problem),
        (Some(Column::Lng), &Problem::HalfCoordinates)
    );
    assert!(matches!(find(8).problem, Problem::NotANumber { .. }));
    assert!(p.iter().all(|e| e.row != 1));
    for e in &p {
        let message = e.to_string();
        assert!(message.starts_with(&format!("row {}", e.row)), "{message}");
        if let Some(c) = e.column {
            assert!(message.contains(c.header()), "{message}");
        }
    }
}

#[test]
fn the_header_as_written_is_in_the_message() {
    let p = problems("Naam,Adres,Land\nA,B,Narnia\n");
    assert_eq!(p[0].header.as_deref(), Some("Land"));
    assert!(p[0].to_string().contains("\"Land\" (country)"), "{}", p[0]);
}

#[test]
fn all_or_nothing_or_the_accepted_rows() {
    let text = "name,address,country\nA,Road 1,BD\nB,,BD\nC,Road 3,BD\n";
    let parsed = read(text);
    assert_eq!(
        parsed.rows.iter().map(|r| r.row).collect::<Vec<_>>(),
        [1, 3]
    );
    assert_eq!(parsed.refused_rows().into_iter().collect::<Vec<_>>(), [2]);
    match parsed.all_or_nothing() {
        Err(UploadError::Refused(errors)) => assert_eq!(errors[0].row, 2),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        read("name,address,country\nA,Road 1,BD\n")
            .all_or_nothing()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn rows_refused_for_an_optional_value_are_salvaged_for_matching() {
    let parsed = read("name,address,country,number_of_workers\nA,Road 1,BD,1001-5000\nB,,BD,\n");
    assert_eq!(parsed.salvaged.len(), 1);
    assert_eq!(parsed.salvaged[0].number_of_workers, None);
    assert_eq!(parsed.refused.len(), 2);
}

#[test]
fn repeats_within_a_list() {
    let text = "name,address,country,sector\n\
                Sunrise Garments Ltd,\"Plot 12, Road 5, Dhaka\",BD,Apparel\n\
                SUNRISE GARMENTS LIMITED,\"Road 5, Plot No. 12, Dhaka\",Bangladesh,\n\
                Sunrise Garments,\"Plot 12, Road 5, Dhaka\",BD,Footwear\n\
                Sunrise Garments,\"Plot 14, Road 5, Dhaka\",BD,Apparel\n";
    let parsed = read(text);
    assert_eq!(
        parsed.rows.iter().map(|r| r.row).collect::<Vec<_>>(),
        [1, 4]
    );
    assert_eq!(parsed.refused[0].problem, Problem::Duplicate { of_row: 1 });
    assert_eq!(
        parsed.refused[1].problem,
        Problem::Contradicts { of_row: 1 }
    );
    assert_eq!(parsed.refused[1].column, Some(Column::Sector));
    assert_eq!(parsed.duplicate_of(2), Some(1));
    assert_eq!(parsed.duplicate_of(3), Some(1));
}

#[test]
fn files_refused_as_a_whole() {
    let limits = Limits::default();
    let csv_of = |b: &[u8]| parse(b, Format::Csv, &limits);
    assert_eq!(csv_of(b""), Err(UploadError::Empty));
    assert_eq!(csv_of(b"\xEF\xBB\xBF\n \n"), Err(UploadError::Empty));
    assert_eq!(csv_of(b"name,address,country\n"), Err(UploadError::NoRows));
    assert_eq!(
        csv_of(b"name,country\nA,BD\n"),
        Err(UploadError::MissingColumns {
            missing: vec![Column::Address]
        })
    );
    let e = csv_of(b"name,address,country\nM\xFCller GmbH,x,DE\n").unwrap_err();
    assert_eq!(
        e,
        UploadError::NotUtf8 {
            offset: 22,
            line: 2
        }
    );
    let small = Limits {
        max_bytes: 10,
        ..limits
    };
    assert!(matches!(
        parse(b"name,address,country\nA,B,BD\n", Format::Csv, &small),
        Err(UploadError::TooLarge { limit: 10, .. })
    ));
    assert!(matches!(
        parse(b"PK\x03\x04garbage", Format::Xlsx, &limits),
        Err(UploadError::Xlsx(_))
    ));
    let bom = b"\xEF\xBB\xBFname,address,country\nA,B,BD\n";
    assert_eq!(
        csv_of(bom).unwrap().rows.len(),
        1,
        "a byte-order mark is fine"
    );
}

#[test]
fn an_xlsx_that_unpacks_too_far_is_refused_before_reading() {
    let table = rows(&[&["name", "address", "country"], &["A", "B", "BD"]]);
    let limits = Limits {
        max_unpacked_bytes: 100,
        ..Limits::default()
    };
    assert!(matches!(
        parse(&xlsx(&table), Format::Xlsx, &limits),
        Err(UploadError::Unpacked { .. })
    ));
    let limits = Limits {
        max_cells: 4,
        ..Limits::default()
    };
    assert!(matches!(
        parse(&xlsx(&table), Format::Xlsx, &limits),
        Err(UploadError::TooManyCells { .. })
    ));
}

#[test]
fn unknown_headers_are_reported_and_extra_values_refused() {
    let parsed = read("name,address,country,remarks\nA,B,BD,first\nC,D,BD,x,y\n");
    assert_eq!(parsed.ignored_columns, ["remarks"]);
    assert_eq!(parsed.refused[0].row, 2);
    assert!(matches!(
        parsed.refused[0].problem,
        Problem::ExtraValues {
            values: 5,
            columns: 4
        }
    ));
}

#[test]
fn overlong_values_are_refused() {
    let long = "x".repeat(1001);
    let p = problems(&format!("name,address,country\n{long},B,BD\n"));
    assert!(matches!(
        p[0].problem,
        Problem::TooLong {
            chars: 1001,
            limit: 1000
        }
    ));
}
