// Generates bench/data/users-<count>.csv once: externalId, the named profile attributes and three
// custom attributes (department, costCenter, employeeNumber), about 190 bytes a row.
import { createWriteStream, existsSync, mkdirSync, renameSync, statSync } from "node:fs";
import { once } from "node:events";
import { join } from "node:path";
import { dataDir } from "./paths.mjs";

const HEADER =
  "externalId,userName,email,firstName,lastName,mobilePhone,department,costCenter,employeeNumber\n";
const FIRST = ["Isaac", "Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances"];
const DEPARTMENTS = ["Engineering", "Sales", "Finance", "People", "Legal", "Support"];

function row(i) {
  const n = String(i).padStart(8, "0");
  const first = FIRST[i % FIRST.length];
  const login = `${first.toLowerCase()}.${n}@example.com`;
  return `EXT${n},${login},${login},${first},Brock${n},+1-555-${n.slice(-4)},${DEPARTMENTS[i % DEPARTMENTS.length]},CC-${n.slice(-3)},E${n}\n`;
}

/** The path of a CSV with `count` users, generated if missing. */
export async function usersCsv(count) {
  const path = join(dataDir, `users-${count}.csv`);
  if (existsSync(path) && statSync(path).size > 0) return path;
  mkdirSync(dataDir, { recursive: true });
  const partial = `${path}.partial`;
  const out = createWriteStream(partial);
  out.write(HEADER);
  for (let i = 0; i < count; i += 10_000) {
    let block = "";
    for (let j = i; j < Math.min(count, i + 10_000); j++) block += row(j);
    if (!out.write(block)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  renameSync(partial, path);
  return path;
}
