// Validates instances against generated form schemas with ajv, as a platform would:
// ajv (JSON Schema 2020-12) + ajv-formats + ajv-errors + the published yjs format module.
// stdin: {"formats": path of yjs-formats.mjs, "cases": [{"schema": path, "instance": …}]}
// stdout: [{"valid": bool, "errors": [{"instancePath", "message"}]}] in case order.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import ajvErrors from "ajv-errors";

const request = JSON.parse(readFileSync(0, "utf8"));
const { addYjs } = await import(pathToFileURL(request.formats).href);
const ajv = addYjs(ajvErrors(addFormats(new Ajv2020({ allErrors: true }))));
const compiled = new Map();
const out = request.cases.map(({ schema, instance }) => {
  if (!compiled.has(schema)) compiled.set(schema, ajv.compile(JSON.parse(readFileSync(schema, "utf8"))));
  const validate = compiled.get(schema);
  const valid = validate(instance);
  const errors = (validate.errors || []).map((e) => ({ instancePath: e.instancePath, message: e.message }));
  return { valid, errors };
});
process.stdout.write(JSON.stringify(out));
