//! The JSON offer format:
//!
//! ```json
//! {"formatVersion": "v1.0", "offerCode": "AWSLambda", "publicationDate": "2021-03-04T16:38:09Z",
//!  "products": {"SKU": {"sku": "SKU", "productFamily": "Serverless", "attributes": {"regionCode": "eu-west-1", ...}}},
//!  "terms": {"OnDemand": {"SKU": {"SKU.TERM": {"effectiveDate": "...", "priceDimensions":
//!      {"SKU.TERM.RATE": {"unit": "Request", "pricePerUnit": {"USD": "0.0000002"}, "beginRange": "0", "endRange": "Inf"}}}}},
//!            "Reserved": {...}}}
//! ```
//!
//! Products are classified as they are read and only the catalog row each one prices is
//! kept, so a large offer file is not held in memory whole. The Price List's index files
//! (the offer index, region indexes) and Savings Plans files hold no on-demand prices;
//! they are recognised and the error says which file to fetch instead.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io::Read;
use std::path::Path;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;

use super::map::{self, Dimension, Skip, Target, RESERVED};
use super::{Collector, ImportError, DOWNLOAD_HINT};

#[derive(Default)]
struct Offer {
    offer_code: Option<String>,
    publication_date: Option<String>,
    products: Option<Products>,
    terms: Option<Terms>,
    /// `offers` (the offer index) or `regions` (a region index).
    index: Option<&'static str>,
}

enum Products {
    /// Each product's catalog row, or why it is skipped.
    Offer(HashMap<String, Result<Target, Skip>>),
    /// A list of products: the Savings Plans format.
    SavingsPlans,
}

#[derive(Deserialize, Default)]
struct Terms {
    #[serde(rename = "OnDemand", default)]
    on_demand: BTreeMap<String, BTreeMap<String, Term>>,
    #[serde(rename = "Reserved", default)]
    reserved: BTreeMap<String, BTreeMap<String, CountedTerm>>,
}

#[derive(Deserialize)]
struct Term {
    #[serde(rename = "effectiveDate", default)]
    effective_date: String,
    #[serde(rename = "priceDimensions", default)]
    price_dimensions: BTreeMap<String, PriceDimension>,
}

#[derive(Deserialize)]
struct CountedTerm {
    #[serde(rename = "priceDimensions", default)]
    price_dimensions: BTreeMap<String, IgnoredAny>,
}

#[derive(Deserialize)]
struct PriceDimension {
    #[serde(default)]
    unit: String,
    #[serde(rename = "pricePerUnit", default)]
    price_per_unit: BTreeMap<String, Value>,
    #[serde(rename = "beginRange", default)]
    begin_range: Option<Value>,
    #[serde(rename = "endRange", default)]
    end_range: Option<Value>,
}

#[derive(Deserialize)]
struct Product {
    #[serde(rename = "productFamily", default)]
    product_family: String,
    #[serde(default)]
    attributes: HashMap<String, Value>,
}

/// A string or a number as text; anything else as "".
fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

pub(super) fn read(path: &Path, input: impl Read) -> Result<super::Collector, ImportError> {
    let mut de = serde_json::Deserializer::from_reader(input);
    let offer = OfferVisitor.deserialize(&mut de).and_then(|o| de.end().map(|()| o)).map_err(|e| json_error(path, e))?;
    let unknown =
        |what: &str, fix: &str| ImportError::UnknownFormat { path: path.display().to_string(), what: what.into(), fix: fix.into() };
    let products = match offer.products {
        Some(Products::Offer(p)) => p,
        Some(Products::SavingsPlans) => {
            return Err(unknown(
                "this is a Savings Plans offer file; Savings Plans rates are not imported",
                "Import the on-demand offer file of the service instead, e.g. \
                 https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonEC2/current/eu-west-1/index.json",
            ))
        }
        None => {
            return Err(match offer.index {
                Some("offers") => unknown(
                    "this is the Price List offer index (offers/v1.0/aws/index.json); it lists the offer files and holds no prices",
                    "Download an offer file it names: currentRegionIndexUrl lists one per region, e.g. \
                     https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonEC2/current/eu-west-1/index.json",
                ),
                Some(_) => unknown(
                    "this is a region index (region_index.json); it lists one offer file per region and holds no prices",
                    "Download the offer file of your region: https://pricing.us-east-1.amazonaws.com followed by its \
                     currentVersionUrl (or versionUrl), e.g. /offers/v1.0/aws/AmazonEC2/current/eu-west-1/index.json",
                ),
                None => unknown("a JSON file without products and terms", DOWNLOAD_HINT),
            });
        }
    };
    let mut c = Collector::new(path, "JSON");
    c.set_offer(offer.offer_code.as_deref().unwrap_or_default(), offer.publication_date.as_deref());
    let terms = offer.terms.unwrap_or_default();
    for (sku, sku_terms) in terms.on_demand {
        let dimensions: usize = sku_terms.values().map(|t| t.price_dimensions.len()).sum();
        let target = match products.get(&sku) {
            Some(Ok(t)) => t,
            Some(Err(s)) => {
                c.skip(s.clone(), dimensions);
                continue;
            }
            None => {
                c.skip(Skip { reason: "prices without a product", detail: String::new() }, dimensions);
                continue;
            }
        };
        for (term_code, term) in &sku_terms {
            for (rate, d) in &term.price_dimensions {
                let (currency, price) = match d.price_per_unit.get_key_value("USD").or_else(|| d.price_per_unit.iter().next()) {
                    Some((k, v)) => (k.as_str(), scalar(v)),
                    None => ("", String::new()),
                };
                let begin = d.begin_range.as_ref().map(scalar).unwrap_or_default();
                let end = d.end_range.as_ref().map(scalar).unwrap_or_default();
                let dim =
                    Dimension { unit: &d.unit, price: &price, currency, begin: &begin, end: &end, effective_date: &term.effective_date };
                match map::price(target, &dim, &c.source) {
                    Ok(Ok(r)) => c.add(r),
                    Ok(Err(s)) => c.skip(s, 1),
                    Err(p) => {
                        return Err(ImportError::Invalid {
                            at: format!("{} (terms.OnDemand.{sku}.{term_code}.priceDimensions.{rate})", path.display()),
                            what: p.what,
                            fix: p.fix,
                        })
                    }
                }
            }
        }
    }
    let reserved: usize = terms.reserved.values().flat_map(|t| t.values()).map(|t| t.price_dimensions.len()).sum();
    if reserved > 0 {
        c.skip(Skip { reason: RESERVED, detail: String::new() }, reserved);
    }
    Ok(c)
}

fn json_error(path: &Path, e: serde_json::Error) -> ImportError {
    use serde_json::error::Category;
    let at = format!("{}:{}:{}", path.display(), e.line(), e.column());
    match e.classify() {
        Category::Io => ImportError::Read { path: path.display().to_string(), source: e.into() },
        Category::Eof => ImportError::Invalid {
            at,
            what: "the JSON ends too early".into(),
            fix: "The file is truncated: download it again (offer files for large services are hundreds of megabytes).".into(),
        },
        Category::Syntax => ImportError::Invalid { at, what: format!("the file is not valid JSON: {e}"), fix: DOWNLOAD_HINT.into() },
        Category::Data => ImportError::Invalid {
            at,
            what: format!("unexpected JSON: {e}"),
            fix: format!("An offer file has products (SKU -> productFamily, attributes) and terms (OnDemand -> SKU -> term -> priceDimensions). {DOWNLOAD_HINT}"),
        },
    }
}

/// The top-level object. `offerCode` usually comes first; products read before it are
/// classified by their own `servicecode` attribute.
struct OfferVisitor;

impl<'de> DeserializeSeed<'de> for OfferVisitor {
    type Value = Offer;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Offer, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for OfferVisitor {
    type Value = Offer;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an AWS Price List offer file (a JSON object)")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Offer, A::Error> {
        let mut o = Offer::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "offerCode" => o.offer_code = Some(map.next_value::<Value>().map(|v| scalar(&v))?),
                "publicationDate" => o.publication_date = Some(map.next_value::<Value>().map(|v| scalar(&v))?),
                "products" => o.products = Some(map.next_value_seed(ProductsVisitor { offer: o.offer_code.clone().unwrap_or_default() })?),
                "terms" => o.terms = Some(map.next_value()?),
                "offers" | "regions" => {
                    o.index = Some(if key == "offers" { "offers" } else { "regions" });
                    map.next_value::<IgnoredAny>()?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(o)
    }
}

struct ProductsVisitor {
    offer: String,
}

impl<'de> DeserializeSeed<'de> for ProductsVisitor {
    type Value = Products;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Products, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ProductsVisitor {
    type Value = Products;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("products: an object of SKU -> product")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Products, A::Error> {
        let mut out = HashMap::new();
        while let Some(sku) = map.next_key::<String>()? {
            let p: Product = map.next_value()?;
            let mut attrs: HashMap<String, String> = p.attributes.iter().map(|(k, v)| (map::normalise_key(k), scalar(v))).collect();
            attrs.insert("productfamily".into(), p.product_family);
            out.insert(sku, map::classify(&self.offer, &attrs));
        }
        Ok(Products::Offer(out))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Products, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Products::SavingsPlans)
    }
}
