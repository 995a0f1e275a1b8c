//! AWS location names, as the Price List writes them in `Location`, to region codes.
//!
//! Offer files written since 2021 carry a `Region Code` column, which is used first;
//! this table reads older files and Excel re-saves that lost the column. Local Zones and
//! Wavelength Zones are not listed: their rows always carry a region code.

/// (location name, region code). AWS has written the European regions both as
/// `EU (...)` and `Europe (...)`; both spellings are accepted (see [`region_code`]).
const LOCATIONS: &[(&str, &str)] = &[
    ("US East (N. Virginia)", "us-east-1"),
    ("US East (Ohio)", "us-east-2"),
    ("US West (N. California)", "us-west-1"),
    ("US West (Oregon)", "us-west-2"),
    ("AWS GovCloud (US-East)", "us-gov-east-1"),
    ("AWS GovCloud (US-West)", "us-gov-west-1"),
    ("AWS GovCloud (US)", "us-gov-west-1"),
    ("Africa (Cape Town)", "af-south-1"),
    ("Asia Pacific (Hong Kong)", "ap-east-1"),
    ("Asia Pacific (Taipei)", "ap-east-2"),
    ("Asia Pacific (Mumbai)", "ap-south-1"),
    ("Asia Pacific (Hyderabad)", "ap-south-2"),
    ("Asia Pacific (Tokyo)", "ap-northeast-1"),
    ("Asia Pacific (Seoul)", "ap-northeast-2"),
    ("Asia Pacific (Osaka)", "ap-northeast-3"),
    ("Asia Pacific (Osaka-Local)", "ap-northeast-3"),
    ("Asia Pacific (Singapore)", "ap-southeast-1"),
    ("Asia Pacific (Sydney)", "ap-southeast-2"),
    ("Asia Pacific (Jakarta)", "ap-southeast-3"),
    ("Asia Pacific (Melbourne)", "ap-southeast-4"),
    ("Asia Pacific (Malaysia)", "ap-southeast-5"),
    ("Asia Pacific (New Zealand)", "ap-southeast-6"),
    ("Asia Pacific (Thailand)", "ap-southeast-7"),
    ("Canada (Central)", "ca-central-1"),
    ("Canada West (Calgary)", "ca-west-1"),
    ("China (Beijing)", "cn-north-1"),
    ("China (Ningxia)", "cn-northwest-1"),
    ("EU (Frankfurt)", "eu-central-1"),
    ("EU (Zurich)", "eu-central-2"),
    ("EU (Ireland)", "eu-west-1"),
    ("EU (London)", "eu-west-2"),
    ("EU (Paris)", "eu-west-3"),
    ("EU (Milan)", "eu-south-1"),
    ("EU (Spain)", "eu-south-2"),
    ("EU (Stockholm)", "eu-north-1"),
    ("Israel (Tel Aviv)", "il-central-1"),
    ("Mexico (Central)", "mx-central-1"),
    ("Middle East (Bahrain)", "me-south-1"),
    ("Middle East (UAE)", "me-central-1"),
    ("South America (Sao Paulo)", "sa-east-1"),
    ("South America (São Paulo)", "sa-east-1"),
];

/// The region code for an AWS location name (`EU (Ireland)` -> `eu-west-1`).
pub fn region_code(location: &str) -> Option<&'static str> {
    let location = location.trim();
    let find = |name: &str| LOCATIONS.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, c)| *c);
    find(location).or_else(|| location.strip_prefix("Europe (").and_then(|rest| find(&format!("EU ({rest}"))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_map_to_codes() {
        assert_eq!(region_code("EU (Ireland)"), Some("eu-west-1"));
        assert_eq!(region_code("Europe (Ireland)"), Some("eu-west-1"));
        assert_eq!(region_code(" US East (N. Virginia) "), Some("us-east-1"));
        assert_eq!(region_code("South America (São Paulo)"), Some("sa-east-1"));
        assert_eq!(region_code("AWS Region"), None);
        assert_eq!(region_code("Any"), None);
    }

    #[test]
    fn every_code_is_well_formed_and_names_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for (name, code) in LOCATIONS {
            assert!(seen.insert(name.to_ascii_lowercase()), "{name} listed twice");
            assert!(
                code.split('-').count() >= 3 && code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{code}"
            );
        }
    }
}
