//! Small deterministic systems and inputs for the tests.
#![allow(dead_code)]

use std::path::Path;

use faer::Mat;
use imvo_risk::inputs::{
    RiskInputs, parse_concordance, parse_indicators, parse_sectors, parse_sra_risks, parse_themes,
};
use imvo_risk::{RiskSystem, StressorRow};

/// A small linear congruential generator: deterministic, no dependency.
pub struct Lcg(pub u64);
impl Lcg {
    pub fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 11) as f64) / ((1u64 << 53) as f64)
    }
}

/// A balanced system: Z (n×n, some zeros), Y (n × 2 regions' one category each), x = Z1 + Y1.
pub struct Small {
    pub regions: Vec<String>,
    pub sectors: Vec<String>,
    pub z: Mat<f64>,
    pub y: Mat<f64>,
    pub x: Vec<f64>,
    pub a: Mat<f64>,
    pub labour: Vec<f64>,
}

pub fn small(regions: &[&str], sectors: &[&str], seed: u64, density: f64) -> Small {
    let mut rng = Lcg(seed);
    let n = regions.len() * sectors.len();
    let c = regions.len();
    let mut z = Mat::<f64>::zeros(n, n);
    let mut y = Mat::<f64>::zeros(n, c);
    for j in 0..n {
        for i in 0..n {
            if rng.next() < density {
                z[(i, j)] = 10.0 * rng.next();
            }
        }
    }
    for j in 0..c {
        for i in 0..n {
            y[(i, j)] = 5.0 + 40.0 * rng.next();
        }
    }
    let x: Vec<f64> = (0..n)
        .map(|i| (0..n).map(|j| z[(i, j)]).sum::<f64>() + (0..c).map(|j| y[(i, j)]).sum::<f64>())
        .collect();
    let mut a = Mat::<f64>::zeros(n, n);
    for j in 0..n {
        for i in 0..n {
            a[(i, j)] = z[(i, j)] / x[j];
        }
    }
    let labour = (0..n).map(|i| x[i] * (0.5 + rng.next())).collect();
    Small {
        regions: regions.iter().map(|s| s.to_string()).collect(),
        sectors: sectors.iter().map(|s| s.to_string()).collect(),
        z,
        y,
        x,
        a,
        labour,
    }
}

impl Small {
    pub fn view(&self) -> RiskSystem<'_> {
        let ns = self.sectors.len();
        let n = self.x.len();
        RiskSystem {
            regions: self.regions.clone(),
            sectors: self.sectors.clone(),
            industry_region: (0..n).map(|i| i / ns).collect(),
            industry_sector: (0..n).map(|i| i % ns).collect(),
            a: self.a.as_ref(),
            x: &self.x,
            y: self.y.as_ref(),
            y_regions: self.regions.clone(),
            y_categories: vec![HOUSEHOLDS.to_string(); self.regions.len()],
            stressors: vec![StressorRow {
                label: "Employment hours",
                values: &self.labour,
            }],
            monetary_unit: "M.EUR".into(),
            synthetic: true,
        }
    }
}

/// The category of every final-demand column of the small systems.
pub const HOUSEHOLDS: &str = "Final consumption expenditure by households";

pub const THEMES: &str = "id,name_nl,name_en,domain,severity,exposure,source,year
child_labour,Kinderarbeid,Child labour,labour,1.0,stressor:Employment hours,test,2014
climate_energy,Klimaat,Climate,environment,0.8,output,test,2014
corruption,Corruptie,Corruption,fair_business,0.5,output,test,2014
";
pub const SECTORS: &str = "id,name_nl,name_en,chapter,source,year
textiel,Textiel,Textile,textiel,test,2014
metaal,Metaal,Metal,metaal,test,2014
overig,Overig,Other,overig,test,2014
";
pub const CONCORDANCE: &str = "mrio_sector,sra_sector,reason
cotton,textiel,fibre
garments,textiel,apparel
ore,metaal,mining
services,overig,rest
";
pub const INDICATORS: &str = "# SYNTHETIC test indicators
region,sector,theme,likelihood,source,year
*,,child_labour,0.1,test,2014
*,,climate_energy,0.3,test,2014
*,,corruption,0.2,test,2014
BD,,child_labour,0.8,test,2014
BD,garments,child_labour,0.95,test,2014
CN,,climate_energy,0.9,test,2014
CN,ore,corruption,0.7,test,2014
";

pub fn inputs_from(
    themes: &str,
    sectors: &str,
    concordance: &str,
    indicators: &str,
) -> imvo_risk::Result<RiskInputs> {
    let themes = parse_themes(Path::new("themes.csv"), themes)?;
    let sectors = parse_sectors(Path::new("sectors.csv"), sectors)?;
    let sra_risks = parse_sra_risks(
        Path::new("sra_risks.csv"),
        "id,name_nl,name_en,sra_domain,theme,example_sectors,source,year\n",
        &themes,
        &sectors,
    )?;
    let concordance = parse_concordance(Path::new("concordance.csv"), concordance, &sectors)?;
    let indicators = parse_indicators(Path::new("indicators.csv"), indicators, &themes)?;
    Ok(RiskInputs {
        themes,
        sectors,
        sra_risks,
        concordance,
        indicators,
    })
}

pub fn inputs() -> RiskInputs {
    inputs_from(THEMES, SECTORS, CONCORDANCE, INDICATORS).expect("test inputs parse")
}

pub const REGIONS: [&str; 3] = ["NL", "BD", "CN"];
pub const MRIO_SECTORS: [&str; 4] = ["cotton", "garments", "ore", "services"];
