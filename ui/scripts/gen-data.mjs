// Generates the compact pickers' data shipped with the app from /work/shared/data (see its README):
//   src/data/regions.json  [code, name, children?][] — Huifu's 省/市/区 tree. Nodes that repeat their parent's
//                          code (东莞/中山/儋州 towns, province-administered counties) are folded into the parent:
//                          district_id is then the city code, so the picker offers the city as its own district.
//   src/data/banks.json    [bank_code, bank_name][] in the source order (big banks first).
// Usage: node scripts/gen-data.mjs [/work/shared/data]. The output is committed; rerun when the tables change.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const src = process.argv[2] ?? "/work/shared/data";
const out = join(dirname(fileURLToPath(import.meta.url)), "..", "src", "data");

function compact(node, parentCode) {
  const kids = (node.children ?? []).filter((c) => c.code !== node.code).map((c) => compact(c, node.code));
  void parentCode;
  return kids.length ? [node.code, node.name, kids] : [node.code, node.name];
}

const tree = JSON.parse(readFileSync(join(src, "huifu_regions.json"), "utf8"));
const regions = tree.map((p) => {
  // A province's city without districts of its own (嘉峪关 620200, 济源 419001 once folded) is its own district.
  const cities = (p.children ?? []).map((c) => {
    const x = compact(c, p.code);
    return x.length === 2 ? [x[0], x[1], [[x[0], x[1]]]] : x;
  });
  return [p.code, p.name, cities];
});
writeFileSync(join(out, "regions.json"), JSON.stringify(regions) + "\n");

const lines = readFileSync(join(src, "huifu_bank_codes.csv"), "utf8").trim().split("\n").slice(1);
const banks = lines.map((l) => {
  const [code, name] = l.split(",");
  return [code, name];
});
writeFileSync(join(out, "banks.json"), JSON.stringify(banks) + "\n");
console.log(`regions: ${regions.length} provinces; banks: ${banks.length}`);
