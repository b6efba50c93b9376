//! A seeded generator of company lists with a known truth and the noise real lists carry:
//! typos, abbreviations and legal forms, transliteration variants (diacritics, pinyin
//! syllables joined or apart), reordered and partial addresses, the country written in many
//! ways; and hard negatives: sister factories of one group at other plots, "Unit 1"/"Unit 2",
//! and near-identical names of different firms in one city.
//!
//! Every factory's street line (road and numbers) is unique in its city, and every disclosure
//! keeps the street line, the city and any unit number, so the truth can be told from a row.

use std::collections::{HashMap, HashSet};

use imvo_locations::batch::CompanyList;
use imvo_locations::normalise::Country;
use imvo_locations::upload::UploadRow;

use super::Rng;

struct Place {
    code: &'static str,
    names: &'static [&'static str],
    brands: &'static [&'static str],
    products: &'static [&'static str],
    legal: &'static [&'static str],
    roads: &'static [&'static str],
    cities: &'static [(&'static str, &'static [&'static str])],
    pinyin: bool,
}

const PLACES: [Place; 5] = [
    Place {
        code: "BD",
        names: &["Bangladesh", "BD", "BGD", "People's Republic of Bangladesh"],
        brands: &[
            "Ananta", "Rahman", "Sonali", "Padma", "Meghna", "Jamuna", "Star", "Crown", "Golden",
            "Urmi", "Envoy", "Fakir", "Mondol", "Shanta", "Babylon", "Dekko", "Nasir", "Hamid",
        ],
        products: &[
            "Garments", "Knitwear", "Apparels", "Textiles", "Fashions", "Sweaters", "Denim",
        ],
        legal: &[
            "Ltd.",
            "Limited",
            "Pvt. Ltd.",
            "Private Limited",
            "(Pvt) Ltd",
        ],
        roads: &[
            "Mawna",
            "Jamgora",
            "Baipayl",
            "Konabari",
            "Zirabo",
            "Kashimpur",
            "Chandra",
            "Bishmile",
        ],
        cities: &[
            ("Gazipur", &["Tongi", "Konabari", "Sreepur"]),
            ("Savar", &["Ashulia", "Hemayetpur"]),
            ("Narayanganj", &["Fatullah", "Rupganj"]),
        ],
        pinyin: false,
    },
    Place {
        code: "CN",
        names: &["China", "CN", "CHN", "PRC", "People's Republic of China"],
        brands: &[
            "Hua·fu",
            "Xin·yuan",
            "Tian·hong",
            "Jin·long",
            "Feng·mei",
            "Kang·tai",
            "Rui·xing",
            "Yong·fa",
            "Hai·lian",
            "Sheng·da",
            "Bao·li",
            "Ming·rui",
        ],
        products: &[
            "Garment",
            "Textile",
            "Knitting",
            "Apparel",
            "Home Textile",
            "Shoes",
        ],
        legal: &["Co., Ltd.", "Company Limited", "Co Ltd", "Co.,Ltd."],
        roads: &[
            "Wen·hua",
            "Jie·fang",
            "Ren·min",
            "Zhong·shan",
            "Jian·she",
            "Xing·fu",
            "Chang·jiang",
            "Hong·qi",
        ],
        cities: &[
            ("Hang·zhou", &["Xiao·shan", "Yu·hang"]),
            ("Dong·guan", &["Hu·men", "Da·lang"]),
            ("Quan·zhou", &["Jin·jiang", "Shi·shi"]),
        ],
        pinyin: true,
    },
    Place {
        code: "VN",
        names: &["Vietnam", "Viet Nam", "VN", "VNM"],
        brands: &[
            "Việt Tiến",
            "Phú Thành",
            "Hòa Thọ",
            "Đức Giang",
            "Minh Long",
            "Tân Hưng",
            "Bình An",
            "Hồng Phát",
            "Gia Lộc",
            "Sơn Hà",
        ],
        products: &["Garment", "Textile", "Knitting", "Fashion", "Footwear"],
        legal: &["Co., Ltd.", "Company Limited", "Joint Stock Company", "JSC"],
        roads: &[
            "Độc Lập",
            "Tự Do",
            "Hữu Nghị",
            "Lê Lợi",
            "Nguyễn Trãi",
            "Hùng Vương",
        ],
        cities: &[
            ("Bình Dương", &["Thuận An", "Dĩ An"]),
            ("Đồng Nai", &["Biên Hòa", "Long Thành"]),
            ("Long An", &["Đức Hòa", "Bến Lức"]),
        ],
        pinyin: false,
    },
    Place {
        code: "TR",
        names: &["Turkey", "Türkiye", "TR", "TUR", "Turkije"],
        brands: &[
            "Yılmaz", "Şahin", "Öztürk", "Çelik", "Doğan", "Aydın", "Kılıç", "Güneş", "Ünal",
            "Karaca", "Erdem", "Işık",
        ],
        products: &["Tekstil", "Konfeksiyon", "Örme", "Giyim", "Boya"],
        legal: &[
            "San. ve Tic. A.Ş.",
            "Sanayi ve Ticaret A.Ş.",
            "A.Ş.",
            "Ltd. Şti.",
        ],
        roads: &[
            "Atatürk",
            "Cumhuriyet",
            "İstiklal",
            "Gazi",
            "İnönü",
            "Barbaros",
        ],
        cities: &[
            ("Bursa", &["Nilüfer", "İnegöl"]),
            ("Denizli", &["Merkezefendi", "Pamukkale"]),
            ("İzmir", &["Torbalı", "Çiğli"]),
        ],
        pinyin: false,
    },
    Place {
        code: "IN",
        names: &["India", "IN", "IND", "Bharat"],
        brands: &[
            "Shree Ganesh",
            "Sri Lakshmi",
            "Arvind",
            "Vardhman",
            "Krishna",
            "Kaveri",
            "Navrang",
            "Bhavani",
            "Saraswati",
            "Ambika",
        ],
        products: &[
            "Exports",
            "Garments",
            "Knitting",
            "Spinning Mills",
            "Clothing",
        ],
        legal: &["Pvt. Ltd.", "Private Limited", "Pvt Ltd", "Ltd."],
        roads: &[
            "Avinashi", "Palladam", "Mysore", "Hosur", "Tumkur", "Mathura",
        ],
        cities: &[
            ("Tiruppur", &["Avinashi", "Palladam"]),
            ("Bengaluru", &["Peenya", "Bommasandra"]),
            ("Noida", &["Phase II", "Sector 63"]),
        ],
        pinyin: false,
    },
];

/// One true factory.
struct Factory {
    place: usize,
    brand: String,
    product: String,
    unit: u32,
    city: usize,
    district: usize,
    road: String,
    plot: u32,
    road_no: u32,
    postcode: u32,
}

/// What the generator made: the lists and each row's true factory.
pub struct Generated {
    /// One list per company.
    pub lists: Vec<CompanyList>,
    /// (company, row) → true factory.
    pub truth: HashMap<(String, usize), String>,
}

/// `factories` true factories disclosed about 2.5 times each by `companies` companies.
pub fn generate(seed: u64, factories: usize, companies: usize) -> Generated {
    let mut rng = Rng(seed);
    let mut used: HashSet<(usize, usize, String, u32, u32)> = HashSet::new();
    let mut all: Vec<Factory> = Vec::new();
    while all.len() < factories {
        let place = rng.below(PLACES.len());
        let p = &PLACES[place];
        let brand = if rng.chance(0.3) {
            format!("{} {}", rng.pick(p.brands), rng.pick(p.brands))
        } else {
            rng.pick(p.brands).to_string()
        };
        let base = new_factory(&mut rng, &mut used, place, brand, None);
        let kind = rng.below(10);
        let mut group = vec![base];
        if kind == 0 {
            // Sister factories: Unit 1, 2, 3 on the same road.
            group[0].unit = 1;
            for u in 2..=2 + rng.below(2) as u32 {
                let mut f = new_factory(
                    &mut rng,
                    &mut used,
                    place,
                    group[0].brand.clone(),
                    Some(&group[0]),
                );
                f.product = group[0].product.clone();
                f.unit = u;
                group.push(f);
            }
        } else if kind == 1 {
            // The same name at another plot in the same city (another product line).
            let mut f = new_factory(
                &mut rng,
                &mut used,
                place,
                group[0].brand.clone(),
                Some(&group[0]),
            );
            f.product = rng.pick(p.products).to_string();
            group.push(f);
        } else if kind == 2 {
            // A near-identical name of another firm in the same city.
            let brand = format!(
                "{} {}",
                rng.pick(&["New", "Royal", "Prime", "Global"]),
                group[0].brand
            );
            let f = new_factory(&mut rng, &mut used, place, brand, Some(&group[0]));
            group.push(f);
        }
        all.extend(group);
    }
    all.truncate(factories);
    let mut lists: Vec<CompanyList> = (0..companies)
        .map(|c| CompanyList {
            company: format!("company-{c:03}"),
            rows: Vec::new(),
        })
        .collect();
    let mut truth = HashMap::new();
    for (i, f) in all.iter().enumerate() {
        let disclosures = 1 + [0, 0, 0, 1, 1, 2, 3, 5][rng.below(8)];
        let mut chosen: Vec<usize> = Vec::new();
        while chosen.len() < disclosures.min(companies) {
            let c = rng.below(companies);
            if !chosen.contains(&c) {
                chosen.push(c);
            }
        }
        for c in chosen {
            let list = &mut lists[c];
            let row = list.rows.len() + 1;
            list.rows.push(render(&mut rng, f, row));
            truth.insert((list.company.clone(), row), format!("F{i}"));
        }
    }
    Generated { lists, truth }
}

fn new_factory(
    rng: &mut Rng,
    used: &mut HashSet<(usize, usize, String, u32, u32)>,
    place: usize,
    brand: String,
    near: Option<&Factory>,
) -> Factory {
    let p = &PLACES[place];
    loop {
        let city = near.map_or_else(|| rng.below(p.cities.len()), |n| n.city);
        let road = match near {
            Some(n) if rng.chance(0.6) => n.road.clone(),
            _ => rng.pick(p.roads).to_string(),
        };
        let plot = 1 + rng.below(400) as u32;
        let road_no = 1 + rng.below(30) as u32;
        if used.insert((place, city, road.clone(), plot, road_no)) {
            return Factory {
                place,
                brand,
                product: rng.pick(p.products).to_string(),
                unit: 0,
                city,
                district: rng.below(p.cities[city].1.len()),
                road,
                plot,
                road_no,
                postcode: 10_000 + rng.below(89_999) as u32,
            };
        }
    }
}

/// One disclosure of a factory.
fn render(rng: &mut Rng, f: &Factory, row: usize) -> UploadRow {
    let p = &PLACES[f.place];
    let (city, districts) = p.cities[f.city];
    let mut product = f.product.clone();
    if rng.chance(0.2) {
        product = product
            .strip_suffix('s')
            .map_or_else(|| format!("{product}s"), str::to_owned);
    }
    let mut name = format!("{} {}", f.brand, product);
    if f.unit > 0 {
        let roman = ["I", "II", "III", "IV"][(f.unit - 1) as usize];
        name.push_str(&match rng.below(3) {
            0 => format!(" Unit {}", f.unit),
            1 => format!(" (Unit-{})", f.unit),
            _ => format!(" Unit {roman}"),
        });
    }
    if !rng.chance(0.15) {
        name = format!(
            "{name}{} {}",
            if rng.chance(0.3) { "," } else { "" },
            rng.pick(p.legal)
        );
    }
    let road_word = *rng.pick(&["Road", "Rd.", "Rd", "Road"]);
    let no = *rng.pick(&["No. ", "No.", "#", "", "Number "]);
    let mut parts: Vec<String> = vec![
        format!("Plot {no}{}, {road_word} {}", f.plot, f.road_no),
        format!("{} {}", f.road, rng.pick(&["Road", "Rd", "Street", "St."])),
    ];
    if rng.chance(0.5) {
        parts.swap(0, 1);
    }
    let partial = rng.chance(0.15);
    if !partial && rng.chance(0.7) {
        parts.push(districts[f.district].to_owned());
    }
    if !partial && rng.chance(0.3) {
        parts.push(
            rng.pick(&[
                "Industrial Area",
                "Ind. Area",
                "Export Processing Zone",
                "EPZ",
            ])
            .to_string(),
        );
    }
    parts.push(city.to_owned());
    if !partial && rng.chance(0.6) {
        parts.push(f.postcode.to_string());
    }
    if rng.chance(0.3) {
        parts.push(p.names[0].to_owned());
    }
    if rng.chance(0.15) {
        parts.reverse();
    }
    let mut address = parts.join(*rng.pick(&[", ", ", ", " ", " - "]));
    if p.pinyin {
        let sep = *rng.pick(&["", "", " ", "-"]);
        name = join_syllables(&name, sep);
        address = join_syllables(&address, sep);
    } else {
        name = name.replace('·', "");
        address = address.replace('·', "");
    }
    if rng.chance(0.5) {
        name = strip_accents(&name);
        address = strip_accents(&address);
    }
    for _ in 0..[0, 0, 0, 1, 1, 2][rng.below(6)] {
        if rng.chance(0.5) {
            name = typo(rng, &name);
        } else {
            address = typo(rng, &address);
        }
    }
    match rng.below(10) {
        0 => {
            name = name.to_uppercase();
            address = address.to_uppercase();
        }
        1 => {
            name = name.to_lowercase();
            address = address.to_lowercase();
        }
        _ => {}
    }
    let country: &&str = rng.pick(p.names);
    UploadRow {
        row,
        name,
        address,
        country: Country::parse(country).unwrap(),
        sector: None,
        product_type: None,
        facility_type: None,
        processing_type: None,
        number_of_workers: None,
        parent_company: None,
        coordinates: None,
    }
}

/// "Hua·fu" as "Huafu" (sep ""), "Hua Fu" or "Hua-Fu".
fn join_syllables(text: &str, sep: &str) -> String {
    let mut out = String::new();
    let mut upper_next = false;
    for c in text.chars() {
        if c == '·' {
            out.push_str(sep);
            upper_next = !sep.is_empty();
        } else if upper_next {
            out.extend(c.to_uppercase());
            upper_next = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Accents dropped the way an ASCII keyboard user writes them.
fn strip_accents(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ạ' | 'ả' | 'ă' | 'ắ' | 'ằ' | 'ặ' => 'a',
            'è' | 'é' | 'ê' | 'ế' | 'ệ' | 'ề' => 'e',
            'ì' | 'í' | 'ị' | 'ı' => 'i',
            'ò' | 'ó' | 'ô' | 'õ' | 'ơ' | 'ộ' | 'ọ' | 'ồ' | 'ö' => 'o',
            'ù' | 'ú' | 'ư' | 'ụ' | 'ü' | 'ữ' | 'ự' => 'u',
            'ợ' | 'ờ' | 'ớ' => 'o',
            'ý' | 'ỳ' => 'y',
            'đ' => 'd',
            'Đ' => 'D',
            'ç' => 'c',
            'Ç' => 'C',
            'ş' => 's',
            'Ş' => 'S',
            'ğ' => 'g',
            'İ' => 'I',
            'Ö' => 'O',
            'Ü' => 'U',
            'Ứ' | 'Ư' => 'U',
            other => other,
        })
        .collect()
}

/// One slip in a word of four letters or more; digits are never touched.
fn typo(rng: &mut Rng, text: &str) -> String {
    let mut words: Vec<String> = text.split(' ').map(str::to_owned).collect();
    let candidates: Vec<usize> = (0..words.len())
        .filter(|&i| {
            words[i].chars().filter(|c| c.is_alphabetic()).count() >= 4
                && words[i].chars().all(char::is_alphabetic)
        })
        .collect();
    if candidates.is_empty() {
        return text.to_owned();
    }
    let i = *rng.pick(&candidates);
    let mut c: Vec<char> = words[i].chars().collect();
    let at = rng.below(c.len() - 1);
    match rng.below(4) {
        0 => c.swap(at, at + 1),
        1 => {
            c.remove(at);
        }
        2 => c.insert(at, c[at]),
        _ => c[at] = *rng.pick(&['e', 'a', 'o', 'n', 'r']),
    }
    words[i] = c.into_iter().collect();
    words.join(" ")
}
