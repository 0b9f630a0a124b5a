using TrainingService.Core.Hosting;

namespace TrainingService.Api.Tests.Deployment;

/// <summary>
/// deploy/ against the code, offline: every kustomization lists every file; the app containers set only settings
/// the code reads, listen on 8080 and probe /health/live and /health/ready; workers are sized and given time to
/// checkpoint. Rendering every overlay with <c>kubectl kustomize</c> and checking the result (schemas, namespace,
/// registry image, connection-string Secret) is `.ci/validate-manifests.sh`, which says so when kubectl is missing.
/// </summary>
public sealed class KubernetesManifestTests
{
    private const string Image = "trainingservice";
    private const string Namespace = "trainingservice";
    private const int HttpPort = 8080;

    private static readonly string DeployDirectory = RepositoryFiles.PathOf("deploy");

    public static TheoryData<string> KustomizationDirectories() => new(KustomizationDirectoryNames());

    private static List<string> KustomizationDirectoryNames() =>
        Directory.EnumerateFiles(DeployDirectory, "kustomization.yaml", SearchOption.AllDirectories).Order()
            .Select(file => Path.GetRelativePath(DeployDirectory, Path.GetDirectoryName(file)!).Replace('\\', '/'))
            .ToList();

    [Fact]
    public void Layout_Always_BaseAndBothOverlays()
    {
        var directories = KustomizationDirectoryNames();

        Assert.Contains("base", directories);
        Assert.Contains("overlays/self-contained", directories);
        Assert.Contains("overlays/managed-postgres", directories);
    }

    [Theory]
    [MemberData(nameof(KustomizationDirectories))]
    public void Kustomization_EveryDirectory_ListsEveryFileAndOnlyExistingOnes(string directory)
    {
        string path = Path.Combine(DeployDirectory, directory);
        var kustomization = Yaml.LoadFile(Path.Combine(path, "kustomization.yaml")).Single();
        var listed = kustomization.Seq("resources").Select(r => r.ToString()!)
            .Concat(kustomization.Maps("patches").Select(p => p.Str("path")).OfType<string>())
            .ToList();

        foreach (string entry in listed)
        {
            string target = Path.GetFullPath(Path.Combine(path, entry));
            Assert.True(File.Exists(target) || File.Exists(Path.Combine(target, "kustomization.yaml")),
                $"{directory}/kustomization.yaml lists '{entry}', which is neither a file nor a kustomization");
        }

        var files = Directory.EnumerateFiles(path, "*.yaml").Select(Path.GetFileName).Where(f => f != "kustomization.yaml");
        var unlisted = files.Where(f => !listed.Contains(f!)).ToList();
        Assert.True(unlisted.Count == 0, $"{directory}/kustomization.yaml does not list {string.Join(", ", unlisted)}");
    }

    [Fact]
    public void AppContainers_Always_SetOnlySettingsTheCodeReads()
    {
        var configMapKeys = Resources("ConfigMap").ToDictionary(c => Name(c), c => (c.Map("data") ?? []).Keys.Select(k => k.ToString()!).ToList());
        var secretKeys = Resources("Secret").GroupBy(Name).ToDictionary(g => g.Key, g => g.SelectMany(s => (s.Map("stringData") ?? []).Keys.Concat((s.Map("data") ?? []).Keys)).Select(k => k.ToString()!).ToList());

        foreach (var (workload, container) in AppContainers())
        {
            var names = container.Maps("env").Select(e => e.Str("name")!).ToList();
            foreach (var source in container.Maps("envFrom"))
            {
                if (source.Map("configMapRef")?.Str("name") is { } configMap)
                    names.AddRange(Assert.Contains(configMap, configMapKeys as IDictionary<string, List<string>>));
                if (source.Map("secretRef")?.Str("name") is { } secret)
                    names.AddRange(Assert.Contains(secret, secretKeys as IDictionary<string, List<string>>));
            }

            var unknown = names.Where(n => !KnownSettings.IsKnown(n)).ToList();
            Assert.True(unknown.Count == 0, $"{workload} sets variables no code reads: {string.Join(", ", unknown)}");
            Assert.Contains(KnownSettings.ConnectionString, names);

            foreach (var reference in container.Maps("env").Select(e => e.At("valueFrom.secretKeyRef")).OfType<Dictionary<object, object>>())
            {
                Assert.True(secretKeys.TryGetValue(reference.Str("name")!, out var keys) && keys.Contains(reference.Str("key")!),
                    $"{workload} reads secret {reference.Str("name")} key {reference.Str("key")}, which no manifest defines");
            }
        }
    }

    [Fact]
    public void AppContainers_Always_Port8080AndHealthProbes()
    {
        foreach (var (workload, container) in AppContainers())
        {
            var port = Assert.Single(container.Maps("ports"));
            Assert.Equal(HttpPort.ToString(), port.Str("containerPort"));
            Assert.Equal("http", port.Str("name"));

            AssertProbe(workload, container, "readinessProbe", "/health/ready");
            AssertProbe(workload, container, "livenessProbe", "/health/live");
            if (container.Map("startupProbe") is not null)
                AssertProbe(workload, container, "startupProbe", "/health/live");
        }
    }

    [Fact]
    public void AppPods_Always_NonRootWithoutPrivileges()
    {
        foreach (var workload in Resources("Deployment"))
        {
            var pod = workload.At("spec.template.spec")!;
            Assert.Equal("true", pod.At("securityContext")?.Str("runAsNonRoot"));
            foreach (var container in pod.Maps("containers"))
            {
                Assert.Equal("false", container.Map("securityContext")?.Str("allowPrivilegeEscalation"));
                Assert.Contains("ALL", container.At("securityContext.capabilities")!.Seq("drop").Select(c => c.ToString()));
                Assert.NotNull(container.At("resources.limits")?.Str("memory"));
            }
        }
    }

    [Fact]
    public void Images_AppContainersAndCompose_AreTheOneServiceImage()
    {
        foreach (var (workload, container) in AppContainers())
            Assert.True(container.Str("image") == Image, $"{workload} runs '{container.Str("image")}', not the service image '{Image}' that kustomize's images: replaces");

        var baseKustomization = Yaml.LoadFile(Path.Combine(DeployDirectory, "base", "kustomization.yaml")).Single();
        Assert.Contains(Image, baseKustomization.Maps("images").Select(i => i.Str("name")));
        Assert.Equal(Namespace, baseKustomization.Str("namespace"));

        var compose = Yaml.LoadFile(RepositoryFiles.PathOf("docker-compose.yml")).Single();
        Assert.Equal(Image, compose.At("services.api")!.Str("image")!.Split(':')[0]);

        var roles = AppContainers().Select(w => (Name: w.Workload, Role: w.Container.Seq("args").Single().ToString())).ToList();
        Assert.Contains(("trainingservice-api", "api"), roles);
        Assert.Contains(("trainingservice-worker", "worker"), roles);
    }

    [Fact]
    public void Worker_Always_OneCpuBoundJobPerPodWithTimeToCheckpoint()
    {
        var worker = Resources("Deployment").Single(d => Name(d) == "trainingservice-worker");
        var pod = worker.At("spec.template.spec")!;
        var container = pod.Maps("containers").Single();
        var config = Resources("ConfigMap").Single(c => Name(c) == "trainingservice-config").Map("data")!;

        Assert.Equal("1", config.Str("Workers__WorkerCount"));
        int shutdown = int.Parse(config.Str("Workers__ShutdownTimeoutSeconds") ?? new WorkerOptions().ShutdownTimeoutSeconds.ToString());
        int grace = int.Parse(pod.Str("terminationGracePeriodSeconds") ?? "30");
        Assert.True(grace > shutdown + WorkerOptions.HostShutdownMarginSeconds,
            $"terminationGracePeriodSeconds {grace} must exceed the worker's shutdown {shutdown} s + {WorkerOptions.HostShutdownMarginSeconds} s host margin");

        var resources = container.Map("resources")!;
        Assert.Equal(resources.At("requests")!.Str("cpu"), resources.At("limits")!.Str("cpu"));
        var threads = container.Maps("env").Single(e => e.Str("name") == "Workers__EngineThreadsPerJob");
        Assert.Equal("limits.cpu", threads.At("valueFrom.resourceFieldRef")?.Str("resource"));

        var hpa = Resources("HorizontalPodAutoscaler").Single();
        Assert.Equal("trainingservice-worker", hpa.At("spec.scaleTargetRef")!.Str("name"));
        Assert.Equal("cpu", hpa.At("spec")!.Maps("metrics").Single().At("resource")!.Str("name"));
        Assert.DoesNotContain(Resources("Service"), s => s.At("spec.selector")?.Str("app.kubernetes.io/component") == "worker");
    }

    [Fact]
    public void ApiServiceAndIngress_Always_RouteToTheApiPods()
    {
        var api = Resources("Deployment").Single(d => Name(d) == "trainingservice-api");
        var podLabels = api.At("spec.template.metadata.labels")!;
        var service = Resources("Service").Single(s => Name(s) == "trainingservice-api");

        foreach (var (key, value) in service.At("spec.selector")!)
            Assert.Equal(value, podLabels.GetValueOrDefault(key));
        var servicePort = service.At("spec")!.Maps("ports").Single();
        Assert.Equal("http", servicePort.Str("targetPort"));

        var backend = Resources("Ingress").Single().At("spec")!.Maps("rules").Single().At("http")!.Maps("paths").Single().At("backend.service")!;
        Assert.Equal("trainingservice-api", backend.Str("name"));
        Assert.Equal(servicePort.Str("name"), backend.At("port")!.Str("name"));
    }

    [Fact]
    public void ManagedPostgresOverlay_ConnectionString_UsesTls()
    {
        var patch = Yaml.LoadFile(Path.Combine(DeployDirectory, "overlays", "managed-postgres", "connection-string.yaml")).Single();
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(patch.Map("stringData")!.Str(KnownSettings.ConnectionString));

        Assert.Equal("trainingservice-postgres", Name(patch));
        Assert.Equal(Npgsql.SslMode.VerifyFull, connection.SslMode);
    }

    private static void AssertProbe(string workload, Dictionary<object, object> container, string probe, string path)
    {
        var get = container.At($"{probe}.httpGet");
        Assert.True(get is not null, $"{workload} has no {probe} httpGet");
        Assert.Equal(path, get!.Str("path"));
        Assert.Contains(get.Str("port"), new[] { "http", HttpPort.ToString() });
    }

    /// <summary>Every resource document in deploy/, kustomizations and patches excluded.</summary>
    private static IEnumerable<Dictionary<object, object>> Resources(string kind)
    {
        var patches = Directory.EnumerateFiles(DeployDirectory, "kustomization.yaml", SearchOption.AllDirectories)
            .SelectMany(k => Yaml.LoadFile(k).Single().Maps("patches").Select(p => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(k)!, p.Str("path")!))))
            .ToHashSet();
        return Directory.EnumerateFiles(DeployDirectory, "*.yaml", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != "kustomization.yaml" && !patches.Contains(Path.GetFullPath(f)))
            .SelectMany(Yaml.LoadFile)
            .Where(d => d.Str("kind") == kind);
    }

    private static IEnumerable<(Dictionary<object, object> Workload, Dictionary<object, object> Container)> AppContainersOf() =>
        Resources("Deployment").Concat(Resources("StatefulSet"))
            .SelectMany(w => w.At("spec.template.spec")!.Maps("containers").Select(c => (w, c)))
            .Where(wc => wc.c.Str("image")!.Split(':')[0].Split('/')[^1] == Image);

    private static IEnumerable<(string Workload, Dictionary<object, object> Container)> AppContainers()
    {
        var containers = AppContainersOf().Select(wc => (Name(wc.Workload), wc.Container)).ToList();
        Assert.Equal(2, containers.Count);
        return containers;
    }

    private static string Name(Dictionary<object, object> resource) => resource.Map("metadata")!.Str("name")!;
}
