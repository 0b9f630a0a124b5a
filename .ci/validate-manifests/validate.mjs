// Validates rendered Kubernetes manifests (kubectl kustomize output) offline against the Kubernetes API schemas that
// the kubernetes-models package ships: wrong types, missing required fields, invalid enum values. It does not flag
// unknown fields; KEDA's ScaledObject and TriggerAuthentication are checked against its CRD schemas
// (@kubernetes-models/keda). The .NET tests (tests/TrainingService.Api.Tests/Deployment) check what matters to the code.
// Each rendered file (one kustomization) must also keep every object in the trainingservice namespace, run the
// app from a registry image (…/trainingservice:tag, never the bare local name) and carry the connection-string Secret.
//   node validate.mjs rendered.yaml [more.yaml ...]
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const NAMESPACE = "trainingservice";
const IMAGE = "trainingservice";
const CONNECTION_STRING = "ConnectionStrings__Postgres";

let valid = 0;
let invalid = 0;
function fail(message) {
  invalid++;
  console.error(message);
}

function checkKustomization(file, resources) {
  for (const r of resources.filter((r) => r.kind !== "Namespace" && r.metadata?.namespace !== NAMESPACE))
    fail(`${file}: ${r.kind}/${r.metadata?.name} is not in namespace ${NAMESPACE}`);
  const images = resources
    .filter((r) => r.kind === "Deployment" || r.kind === "StatefulSet")
    .flatMap((r) => r.spec?.template?.spec?.containers ?? [])
    .map((c) => c.image);
  if (!images.some((i) => i?.includes(`/${IMAGE}:`))) fail(`${file}: no container runs a registry image …/${IMAGE}:tag`);
  if (images.includes(IMAGE)) fail(`${file}: a container runs the bare local image name ${IMAGE}`);
  if (!resources.some((r) => r.kind === "Secret" && r.stringData && CONNECTION_STRING in r.stringData))
    fail(`${file}: no Secret with stringData.${CONNECTION_STRING}`);
}

for (const file of process.argv.slice(2)) {
  const resources = [];
  for (const document of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (document.errors.length > 0) {
      invalid++;
      console.error(`${file}: YAML error: ${document.errors[0].message}`);
      continue;
    }
    const resource = document.toJS();
    if (!resource) continue;
    resources.push(resource);
    const name = `${file}: ${resource.kind}/${resource.metadata?.name}`;
    const [group, version] = resource.apiVersion?.includes("/") ? resource.apiVersion.split("/") : [null, resource.apiVersion];
    let Model;
    try {
      // KEDA's kinds (keda.sh) from the models of its CRD schemas; the rest from Kubernetes' own API schemas.
      const models = group === "keda.sh" ? "@kubernetes-models/keda/keda.sh" : group ? `kubernetes-models/${group}` : "kubernetes-models";
      const module = await import(`${models}/${version}/${resource.kind}`);
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
  checkKustomization(file, resources);
}
console.log(`manifests: ${valid} valid, ${invalid} invalid`);
process.exit(invalid > 0 || valid === 0 ? 1 : 0);
