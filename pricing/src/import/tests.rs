//! Imports of real AWS offer files (pricing/tests/fixtures/offers, see its README) and of
//! offer files written in AWS's formats for these tests.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use rust_decimal::Decimal;

use super::*;
use crate::catalog::{Catalog, Query};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/offers").join(name)
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn import(names: &[&str]) -> (tempfile::TempDir, ImportReport) {
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<PathBuf> = names.iter().map(|n| fixture(n)).collect();
    let report = import_files(&files, dir.path()).unwrap_or_else(|e| panic!("{e}"));
    (dir, report)
}

fn catalog(dir: &Path) -> Catalog {
    Catalog::with_user_dir(dir).unwrap()
}

fn skipped(r: &FileReport, reason: &str) -> usize {
    r.skipped.get(reason).map_or(0, |s| s.rows)
}

#[test]
fn round_trip_the_imported_m5_large_price_replaces_the_embedded_one() {
    let q = Query::new("ec2", "eu-west-1", "m5.large").family("compute_instance").attr("os", "Linux").attr("tenancy", "Shared");
    assert_eq!(Catalog::embedded().find(&q).unwrap().usd, dec("0.107"));
    let (dir, report) = import(&["AmazonEC2_eu-west-1_m5_EDITED.csv"]);
    let c = catalog(dir.path());
    let row = c.find(&q).unwrap();
    assert_eq!(row.usd, dec("0.099"), "read from 9.9E-2");
    assert_eq!(row.source, "import:AmazonEC2_eu-west-1_m5_EDITED.csv@2024-05-22T19:14:05Z");
    assert_eq!(row.effective_date, "2024-05-01");
    // What the import did not bring still comes from the embedded catalog.
    let spot = Query::new("ec2", "eu-west-1", "m5.large").family("compute_instance").attr("os", "Linux").purchase("spot");
    assert_eq!(c.find(&spot).unwrap().source, "S2");
    assert_eq!(c.find(&Query::new("ec2", "eu-west-1", "t3.micro").attr("os", "Linux")).unwrap().source, "S6");
    // Windows is imported under its own os; the rows the models cannot use are not.
    let win = c.find(&Query::new("ec2", "eu-west-1", "m5.large").attr("os", "Windows")).unwrap();
    assert_eq!(win.usd, dec("0.191"));
    let f = &report.files[0];
    assert_eq!(f.offer_code, "AmazonEC2");
    assert_eq!(f.imported["ec2"].0, 3, "m5.large Linux and Windows, m5.xlarge");
    assert_eq!(f.imported["nat_gateway"].0, 2);
    assert_eq!(f.imported["ebs"].0, 1);
    assert_eq!(skipped(f, map::RESERVED), 1);
    assert_eq!(skipped(f, "dedicated or host tenancy"), 1);
    assert_eq!(skipped(f, "pre-installed software"), 1);
    assert_eq!(skipped(f, "capacity reservation rows"), 1);
    assert_eq!(skipped(f, "product families not imported"), 1);
    assert_eq!(c.find(&Query::new("nat_gateway", "eu-west-1", "nat_gateway")).unwrap().usd, dec("0.048"));
}

#[test]
fn ec2_sample_with_a_trimmed_header_and_stray_lines() {
    let (dir, report) = import(&["AmazonEC2_eu-west-1_index_TRIMMED-HEADER.csv"]);
    let f = &report.files[0];
    // No metadata: the offer code comes from the rows' serviceCode and the file name.
    assert_eq!(f.offer_code, "AmazonEC2");
    assert_eq!(f.publication_date, None);
    assert_eq!(f.short_rows, vec![(7, 1, 83)], "the INVALID line");
    assert_eq!(skipped(f, "unknown locations"), 2, "Location shifted into Location Type");
    assert!(f.skipped["unknown locations"].examples.contains("AWS Region"));
    assert_eq!(skipped(f, "Outposts"), 1);
    assert_eq!(skipped(f, "capacity reservation rows"), 1, "CapacityStatus N/A");
    assert_eq!(skipped(f, "unknown volume types"), 1, "Volume API Name UNKNWON");
    assert_eq!(skipped(f, map::RESERVED), 7);
    assert_eq!(skipped(f, "dedicated or host tenancy"), 6);
    assert_eq!(f.imported["ec2"].0, 76);
    let c = catalog(dir.path());
    let linux = |t: &str| {
        c.find(&Query::new("ec2", "eu-west-1", t).family("compute_instance").attr("os", "Linux").attr("tenancy", "Shared")).unwrap().clone()
    };
    let micro = linux("t2.micro");
    assert_eq!((micro.usd, micro.source.as_str()), (dec("0.013"), "import:AmazonEC2_eu-west-1_index_TRIMMED-HEADER.csv"));
    assert_eq!(micro.effective_date, "2017-05-01", "01/05/2017, day first like 30/04/2015 elsewhere in the file");
    assert_eq!(linux("c4.large").usd, dec("0.113"));
    assert_eq!(c.find(&Query::new("ec2", "eu-west-1", "c1.medium").attr("os", "SUSE")).unwrap().usd, dec("0.248"));
    // EBS rows from the same file, in the catalog's units and tiers.
    let gp3 = c.all(&Query::new("ebs", "eu-west-1", "gp3").family("throughput")).unwrap();
    assert_eq!((gp3[0].usd, gp3[0].unit.as_str(), gp3[0].tier_start), (dec("0.044"), "MiBps-Mo", Some(dec("125"))));
    let iops = c.find(&Query::new("ebs", "eu-west-1", "gp3").family("iops")).unwrap();
    assert_eq!((iops.usd, iops.tier_start), (dec("0.0055"), Some(dec("3000"))));
    assert_eq!(c.find(&Query::new("ebs", "eu-west-1", "sc1").family("storage")).unwrap().usd, dec("0.0168"));
    assert_eq!(c.find(&Query::new("ebs", "eu-west-1", "snapshot_standard")).unwrap().usd, dec("0.05"));
    let text = report.to_string();
    assert!(text.contains("line 7: 1 cell where the header has 83; skipped"), "{text}");
    assert!(text.contains("no publication date in the header"), "{text}");
}

#[test]
fn lambda_sample() {
    let (dir, report) = import(&["AWSLambda_eu-west-1_index.csv"]);
    let f = &report.files[0];
    assert_eq!(f.publication_date.as_deref(), Some("2021-03-04T16:38:09Z"));
    assert_eq!(f.imported["lambda"].0, 6);
    assert_eq!(skipped(f, "prices for no region"), 2);
    let c = catalog(dir.path());
    let d = c.all(&Query::new("lambda", "eu-west-1", "duration:x86_64").family("compute")).unwrap();
    assert_eq!(d.len(), 1, "the imported price hides the embedded tiers");
    assert_eq!((d[0].usd, d[0].unit.as_str(), d[0].is_tiered()), (dec("0.0000166667"), "GB-second", false));
    assert_eq!(d[0].effective_date, "2020-12-01");
    assert_eq!(c.find(&Query::new("lambda", "eu-west-1", "requests:x86_64")).unwrap().usd, dec("0.0000002"));
    assert_eq!(c.find(&Query::new("lambda", "eu-west-1", "provisioned_concurrency:x86_64")).unwrap().usd, dec("0.0000044985"));
    assert_eq!(c.find(&Query::new("lambda", "eu-west-1", "edge_duration")).unwrap().usd, dec("0.00005001"));
    // Arm prices were not in the file and still come from the embedded catalog.
    assert_eq!(c.find(&Query::new("lambda", "eu-west-1", "duration:arm64")).unwrap().source, "S15");
}

#[test]
fn fargate_sample() {
    let (dir, report) = import(&["AmazonECS_eu-west-1_index.csv"]);
    let f = &report.files[0];
    assert_eq!(f.imported["fargate"].0, 8);
    assert_eq!(f.short_rows.len(), 1);
    let c = catalog(dir.path());
    let vcpu = c.find(&Query::new("fargate", "eu-west-1", "vcpu:linux_x86_64")).unwrap();
    assert_eq!((vcpu.usd, vcpu.unit.as_str(), vcpu.effective_date.as_str()), (dec("0.04048"), "vCPU-hour", "2022-01-01"));
    assert_eq!(c.find(&Query::new("fargate", "eu-west-1", "memory:linux_arm64")).unwrap().usd, dec("0.00356"));
    assert_eq!(c.find(&Query::new("fargate", "eu-west-1", "windows_os_license")).unwrap().usd, dec("0.046"));
    assert_eq!(c.find(&Query::new("fargate", "eu-west-1", "ephemeral_storage")).unwrap().usd, dec("0.000122"));
}

#[test]
fn rds_sample_resaved_by_excel() {
    let (dir, report) = import(&["AmazonRDS_eu-west-1_index_EXCEL-RESAVED.csv"]);
    let f = &report.files[0];
    assert_eq!(f.offer_code, "AmazonRDS");
    assert_eq!(f.publication_date.as_deref(), Some("2018-12-01T09:11:33Z"));
    assert_eq!(f.short_rows, vec![(8, 1, 53)]);
    assert_eq!(skipped(f, "unknown database engines"), 1);
    assert_eq!(skipped(f, "unknown volume types"), 1);
    let c = catalog(dir.path());
    let q = |engine: &'static str, deployment: &'static str| {
        Query::new("rds", "eu-west-1", "db.m1.large").family("db_instance").attr("engine", engine).attr("deployment", deployment)
    };
    let mysql = c.find(&q("MySQL", "Single-AZ")).unwrap();
    assert_eq!((mysql.usd, mysql.attr("license"), mysql.effective_date.as_str()), (dec("0.245"), Some("included/NA"), "2018-11-01"));
    assert_eq!(c.find(&q("PostgreSQL", "Multi-AZ")).unwrap().usd, dec("0.52"));
    let oracle = c.all(&q("Oracle", "Single-AZ").attr("license", "byol")).unwrap();
    assert!(oracle.iter().any(|r| r.attr("edition") == Some("Standard Two")));
    let gp2 = c.find(&Query::new("rds", "eu-west-1", "gp2").family("storage").attr("deployment", "Single-AZ")).unwrap();
    assert_eq!(gp2.usd, dec("0.127"));
    assert_eq!(c.find(&Query::new("rds", "eu-west-1", "io1_iops").attr("deployment", "Multi-AZ")).unwrap().usd, dec("0.22"));
    assert_eq!(c.find(&Query::new("rds", "eu-west-1", "backup_storage")).unwrap().usd, dec("0.095"));
}

#[test]
fn s3_sample_keeps_its_tiers() {
    let (dir, report) = import(&["AmazonS3_index.csv"]);
    let f = &report.files[0];
    assert_eq!(f.imported["s3"], (26, ["eu-west-1".to_string()].into()));
    let c = catalog(dir.path());
    let tiers = c.all(&Query::new("s3", "eu-west-1", "STANDARD").family("storage")).unwrap();
    let bounds: Vec<_> = tiers.iter().map(|r| (r.tier_start, r.tier_end, r.usd)).collect();
    assert_eq!(
        bounds,
        vec![
            (Some(dec("0")), Some(dec("51200")), dec("0.023")),
            (Some(dec("51200")), Some(dec("512000")), dec("0.022")),
            (Some(dec("512000")), None, dec("0.021")),
        ]
    );
    assert_eq!(c.all(&Query::new("s3", "eu-west-1", "REDUCED_REDUNDANCY")).unwrap().len(), 6);
    assert_eq!(c.find(&Query::new("s3", "eu-west-1", "GLACIER").family("storage")).unwrap().usd, dec("0.004"));
    assert_eq!(c.find(&Query::new("s3", "eu-west-1", "STANDARD:PUT_COPY_POST_LIST")).unwrap().usd, dec("0.000005"));
    assert_eq!(c.find(&Query::new("s3", "eu-west-1", "GET:STANDARD_IA")).unwrap().usd, dec("0.000001"));
    assert_eq!(c.find(&Query::new("s3", "eu-west-1", "OBJECT_TAGS")).unwrap().usd, dec("0.000001"));
}

#[test]
fn json_offer_files() {
    let (dir, report) = import(&["AmazonEC2_us-east-2_index_HANDMADE.json", "AWSLambda_us-east-2_index_HANDMADE.json"]);
    let (ec2, lambda) = (&report.files[0], &report.files[1]);
    assert_eq!((ec2.format, ec2.offer_code.as_str()), ("JSON", "AmazonEC2"));
    assert_eq!(ec2.imported["ec2"].0, 3);
    assert_eq!(ec2.imported["ebs"].0, 6);
    assert_eq!(skipped(ec2, map::RESERVED), 3, "one per price dimension");
    assert_eq!(skipped(ec2, "product families not imported"), 1, "the dedicated host");
    let c = catalog(dir.path());
    let m5 = c.find(&Query::new("ec2", "us-east-2", "m5.large").attr("os", "Linux").attr("tenancy", "Shared")).unwrap();
    assert_eq!((m5.usd, m5.effective_date.as_str()), (dec("0.096"), "2024-05-01"));
    assert_eq!(m5.source, "import:AmazonEC2_us-east-2_index_HANDMADE.json@2024-05-22T19:14:05Z");
    let io2: Vec<_> =
        c.all(&Query::new("ebs", "us-east-2", "io2").family("iops")).unwrap().iter().map(|r| (r.tier_start, r.tier_end, r.usd)).collect();
    assert_eq!(
        io2,
        vec![
            (Some(dec("0")), Some(dec("32000")), dec("0.065")),
            (Some(dec("32000")), Some(dec("64000")), dec("0.0455")),
            (Some(dec("64000")), None, dec("0.03185")),
        ]
    );
    assert_eq!(c.find(&Query::new("ebs", "us-east-2", "gp3").family("throughput")).unwrap().usd, dec("0.04"));
    assert_eq!(lambda.imported["lambda"].0, 5);
    assert_eq!(skipped(lambda, "prices for no region"), 1);
    let tiers = c.all(&Query::new("lambda", "us-east-2", "duration:x86_64")).unwrap();
    assert_eq!(tiers.iter().map(|r| r.tier_end).collect::<Vec<_>>(), vec![Some(dec("6000000000")), Some(dec("15000000000")), None]);
    assert_eq!(c.find(&Query::new("lambda", "us-east-2", "requests:x86_64")).unwrap().usd, dec("0.0000002"));
}

#[test]
fn a_second_import_replaces_the_same_prices_and_keeps_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let ec2 = dir.path().join("ec2.csv");
    // A price from an earlier import that this one does not touch, and an m5.large row
    // split into two tiers that this import's single price replaces whole.
    std::fs::write(
        &ec2,
        format!(
            "{}\nap-south-1,compute_instance,t3.nano,os=Linux;tenancy=Shared,hour,0.0028,,,on_demand,2024-01-01,import:old\n\
             eu-west-1,compute_instance,m5.large,tenancy=Shared;os=Linux,hour,0.2,0,100,on_demand,2020-01-01,import:old\n\
             eu-west-1,compute_instance,m5.large,os=Linux;tenancy=Shared,hour,0.1,100,Inf,on_demand,2020-01-01,import:old\n",
            HEADER.join(",")
        ),
    )
    .unwrap();
    let report = import_files(&[fixture("AmazonEC2_eu-west-1_m5_EDITED.csv")], dir.path()).unwrap();
    let w = report.written.iter().find(|w| w.service == "ec2").unwrap();
    assert_eq!((w.imported, w.replaced, w.kept), (3, 2, 1));
    let text = std::fs::read_to_string(&ec2).unwrap();
    assert!(text.contains("ap-south-1,compute_instance,t3.nano"));
    assert!(!text.contains("2020-01-01"), "the old m5.large tiers are gone: {text}");
    // Importing the same file again replaces its own rows: nothing doubles.
    let again = import_files(&[fixture("AmazonEC2_eu-west-1_m5_EDITED.csv")], dir.path()).unwrap();
    let w = again.written.iter().find(|w| w.service == "ec2").unwrap();
    assert_eq!((w.imported, w.replaced, w.kept), (3, 3, 1));
    assert_eq!(std::fs::read_to_string(&ec2).unwrap().lines().count(), 1 + 4);
    // No temporary file is left behind.
    let names: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(names.iter().all(|n| !n.starts_with('.')), "{names:?}");
    let text = again.to_string();
    assert!(text.contains("ec2.csv: 3 prices (3 replaced, 1 kept from earlier imports)"), "{text}");
}

#[test]
fn a_price_in_several_files_comes_from_the_last() {
    let src = tempfile::tempdir().unwrap();
    let good = std::fs::read_to_string(fixture("AmazonEC2_eu-west-1_m5_EDITED.csv")).unwrap();
    let newer = write(src.path(), "AmazonEC2_newer.csv", &good.replacen("\"9.9E-2\"", "\"0.0950000000\"", 1));
    let dir = tempfile::tempdir().unwrap();
    let report = import_files(&[fixture("AmazonEC2_eu-west-1_m5_EDITED.csv"), newer], dir.path()).unwrap();
    assert_eq!(report.written.iter().find(|w| w.service == "ec2").map(|w| w.imported), Some(3));
    let c = catalog(dir.path());
    let m5 = c.all(&Query::new("ec2", "eu-west-1", "m5.large").attr("os", "Linux")).unwrap();
    assert_eq!(m5.len(), 1);
    assert_eq!((m5[0].usd, m5[0].source.as_str()), (dec("0.095"), "import:AmazonEC2_newer.csv@2024-05-22T19:14:05Z"));
}

#[test]
fn the_summary_counts_what_was_imported_and_skipped() {
    let (_dir, report) = import(&["AmazonEC2_eu-west-1_m5_EDITED.csv"]);
    let text = report.to_string();
    let first = text.lines().next().unwrap();
    assert_eq!(
        first,
        "AmazonEC2_eu-west-1_m5_EDITED.csv (AmazonEC2, published 2024-05-22T19:14:05Z): imported 1 price for ebs (eu-west-1), \
         3 for ec2 (eu-west-1), 2 for nat_gateway (eu-west-1); skipped 5 rows: 1 capacity reservation rows \
         (UnusedCapacityReservation), 1 dedicated or host tenancy (Dedicated), 1 pre-installed software (SQL Std), \
         1 product families not imported (Data Transfer), 1 reserved terms"
    );
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn import_err(files: &[PathBuf], dir: &Path) -> String {
    let e = import_files(files, dir).expect_err("the import must fail");
    // Nothing is written when an import fails.
    assert!(!dir.join("ec2.csv").exists());
    e.to_string()
}

#[test]
fn a_bad_price_is_an_error_with_its_line_and_nothing_is_written() {
    let src = tempfile::tempdir().unwrap();
    let good = std::fs::read_to_string(fixture("AmazonEC2_eu-west-1_m5_EDITED.csv")).unwrap();
    let bad = good.replacen("\"0.1980000000\"", "\"0,198\"", 1);
    assert_ne!(good, bad);
    let p = write(src.path(), "AmazonEC2_bad.csv", &bad);
    let out = tempfile::tempdir().unwrap();
    let e = import_err(&[fixture("AWSLambda_eu-west-1_index.csv"), p.clone()], out.path());
    assert!(e.starts_with(&format!("{}:13: PricePerUnit \"0,198\" is not a price", p.display())), "{e}");
    assert!(e.contains("decimal point"), "{e}");
    assert!(!out.path().join("lambda.csv").exists(), "the good file before it is not written either");
    // A bad range.
    let p = write(
        src.path(),
        "AmazonEC2_range.csv",
        &good.replacen("\"0\",\"Inf\",\"Hrs\",\"0.1980000000\"", "\"0\",\"lots\",\"Hrs\",\"0.1980000000\"", 1),
    );
    assert!(import_err(&[p], out.path()).contains(":13: EndingRange \"lots\" is not a number"));
}

#[test]
fn files_that_are_not_offer_files_say_what_they_are() {
    let out = tempfile::tempdir().unwrap();
    let e = import_err(&[fixture("offers_v1.0_aws_index.json")], out.path());
    assert!(e.contains("unknown file format: this is the Price List offer index"), "{e}");
    let e = import_err(&[fixture("AmazonEC2_current_region_index.json")], out.path());
    assert!(e.contains("region index"), "{e}");
    let e = import_err(&[fixture("AWSComputeSavingsPlan_eu-west-1_index.json")], out.path());
    assert!(e.contains("Savings Plans"), "{e}");
    let src = tempfile::tempdir().unwrap();
    let e = import_err(&[write(src.path(), "notes.txt", "hello\nworld\n")], out.path());
    assert!(e.contains("unknown file format: no header row starting SKU,OfferTermCode,RateCode"), "{e}");
    let e = import_err(&[write(src.path(), "empty.csv", "")], out.path());
    assert!(e.contains("the file is empty"), "{e}");
    let gz = src.path().join("x.json.gz");
    std::fs::write(&gz, [0x1f, 0x8b, 8, 0, 1, 2]).unwrap();
    let e = import_err(&[gz], out.path());
    assert!(e.contains("gzip"), "{e}");
    let text = std::fs::read_to_string(fixture("AWSLambda_us-east-2_index_HANDMADE.json")).unwrap();
    let e = import_err(&[write(src.path(), "cut.json", &text[..text.len() / 2])], out.path());
    assert!(e.contains("cut.json:") && e.contains("ends too early"), "{e}");
    let e = import_err(&[write(src.path(), "bad.json", &text.replacen("\"2.0E-7\"", "\"two\"", 1))], out.path());
    assert!(e.contains("(terms.OnDemand.LAMBDAREQX86USE2.LAMBDAREQX86USE2.JRTCKXETXF.priceDimensions."), "{e}");
    let e = import_err(&[out.path().join("missing.csv")], out.path());
    assert!(e.contains("missing.csv"), "{e}");
    let header = "SKU,OfferTermCode,RateCode,TermType,Unit,Currency\n";
    let e = import_err(&[write(src.path(), "nocol.csv", header)], out.path());
    assert!(e.contains("nocol.csv:1: the header row has no PricePerUnit column"), "{e}");
}

#[test]
fn a_broken_user_catalog_file_is_reported_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("lambda.csv"), "what,is,this\n1,2,3\n").unwrap();
    let e = import_files(&[fixture("AWSLambda_eu-west-1_index.csv")], dir.path()).unwrap_err().to_string();
    assert!(e.contains("lambda.csv:1: expected the columns region,product_family"), "{e}");
    assert_eq!(std::fs::read_to_string(dir.path().join("lambda.csv")).unwrap(), "what,is,this\n1,2,3\n");
}

#[test]
fn a_semicolon_separated_resave_is_read() {
    let src = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("AWSLambda_eu-west-1_index.csv")).unwrap();
    let resaved = format!("sep=;\n{}", text.lines().skip(1).map(|l| l.replace("\",\"", "\";\"")).collect::<Vec<_>>().join("\r\n"));
    let out = tempfile::tempdir().unwrap();
    let r = import_files(&[write(src.path(), "AWSLambda_semi.csv", &resaved)], out.path()).unwrap();
    assert_eq!(r.files[0].imported["lambda"].0, 6);
}

#[test]
fn dates_and_numbers() {
    let row = |d: &str| PriceRow {
        service: "ec2".into(),
        region: "r".into(),
        product_family: "f".into(),
        resource: "x".into(),
        attributes: vec![],
        unit: "hour".into(),
        usd: Decimal::ONE,
        tier_start: None,
        tier_end: None,
        purchase_option: "on_demand".into(),
        effective_date: d.into(),
        source: "s".into(),
    };
    let mut rows = vec![row("2020-12-01T00:00:00Z"), row("01/05/2017"), row("2021-02-01")];
    normalise_dates(&mut rows);
    assert_eq!(rows.iter().map(|r| r.effective_date.as_str()).collect::<Vec<_>>(), ["2020-12-01", "2017-05-01", "2021-02-01"]);
    let mut us = vec![row("05/01/2017"), row("12/31/2017")];
    normalise_dates(&mut us);
    assert_eq!(us[0].effective_date, "2017-05-01", "month first when a date can only be month first");
    assert_eq!(thousands(1204), "1,204");
    assert_eq!(thousands(12), "12");
    assert_eq!(thousands(1_234_567), "1,234,567");
}
