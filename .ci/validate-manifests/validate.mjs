// Validates rendered Kubernetes manifests (kubectl kustomize output) offline against the Kubernetes API schemas that
// the kubernetes-models package ships: wrong types, missing required fields, invalid enum values. It does not flag
// unknown fields; the .NET tests (tests/TrainingService.Api.Tests/Deployment) check what matters to the code.
//   node validate.mjs rendered.yaml [more.yaml ...]
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

let valid = 0;
let invalid = 0;
for (const file of process.argv.slice(2)) {
  for (const document of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (document.errors.length > 0) {
      invalid++;
      console.error(`${file}: YAML error: ${document.errors[0].message}`);
      continue;
    }
    const resource = document.toJS();
    if (!resource) continue;
    const name = `${file}: ${resource.kind}/${resource.metadata?.name}`;
    const [group, version] = resource.apiVersion?.includes("/") ? resource.apiVersion.split("/") : [null, resource.apiVersion];
    let Model;
    try {
      const module = await import(group ? `kubernetes-models/${group}/${version}/${resource.kind}` : `kubernetes-models/${version}/${resource.kind}`);
      Model = module[resource.kind];
    } catch {
      invalid++;
      console.error(`${name}: unknown apiVersion/kind ${resource.apiVersion} ${resource.kind}`);
      continue;
    }
    try {
      new Model(resource).validate();
      valid++;
    } catch (error) {
      invalid++;
      console.error(`${name}: ${error.message}`);
    }
  }
}
console.log(`manifests: ${valid} valid, ${invalid} invalid`);
process.exit(invalid > 0 || valid === 0 ? 1 : 0);
