// The deployments that cannot run here (no Docker engine, no cluster), checked
// statically: the HAProxy configuration with haproxy -c, the compose file with
// the installed Compose client's `config`, the Kubernetes manifests against the
// Kubernetes API schemas (kubernetes-models), and all of them against each other
// and against the server's real settings.

import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Service } from 'kubernetes-models/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { projectPath } from '../../src/model/paths.js';
import { CONFIG_OPTIONS, defaultConfig } from '../../src/http/config.js';

const KNOWN_ENV = new Set([...CONFIG_OPTIONS.map((o) => o.env), 'NODE_ENV']);
const deploy = (...parts: string[]) => projectPath('deploy', ...parts);

describe('HAProxy configuration', () => {
  it('is valid for haproxy -c', () => {
    execFileSync('bash', [projectPath('scripts', 'haproxy.sh'), 'check', deploy('haproxy', 'haproxy.cfg')], { stdio: 'pipe', timeout: 600_000 });
    const config = readFileSync(deploy('haproxy', 'haproxy.cfg'), 'utf8');
    expect(config).toMatch(/option httpchk GET \/ready/);
    expect(config).toMatch(/balance source/);
    expect(config).toMatch(/http-request del-header X-Forwarded-For/);
    expect(Number(/timeout server (\d+)s/.exec(config)![1]) * 1000).toBeGreaterThan(defaultConfig().queryTimeoutMs);
  });
});

describe('docker compose: balancer and replicas', () => {
  it('passes the installed Compose client\'s config check, with a balancer in front of health-checked, draining replicas', () => {
    const normalised = parseYaml(execFileSync('bash', [projectPath('scripts', 'compose.sh'), 'config', deploy('compose.yaml')], { encoding: 'utf8', timeout: 600_000 }));
    const { delicacy, balancer } = normalised.services;
    expect(delicacy.deploy.replicas).toBeGreaterThanOrEqual(2);
    expect(balancer.depends_on.delicacy.condition).toBe('service_healthy');
    expect(balancer.build.context).toMatch(/deploy\/haproxy$/);
    expect(readFileSync(deploy('haproxy', 'Dockerfile'), 'utf8')).toMatch(/apt-get install[^\n]*haproxy/);
    expect(delicacy.healthcheck.test.join(' ')).toMatch(/\/ready/);
    for (const name of Object.keys(delicacy.environment)) expect(KNOWN_ENV, `unknown setting ${name}`).toContain(name);
    expect(delicacy.environment.TRUST_PROXY).toBe('true');
    const drain = Number(delicacy.environment.DRAIN_DELAY_MS);
    expect(drain).toBeGreaterThan(0);
    // Compose waits stop_grace_period before SIGKILL: the drain and the longest query must fit.
    expect(Number(/^(\d+)s$/.exec(delicacy.stop_grace_period)![1]) * 1000).toBeGreaterThanOrEqual(drain + defaultConfig().queryTimeoutMs);
    // The balancer's server-template reaches the replicas by the service's name and port.
    const haproxy = readFileSync(deploy('haproxy', 'haproxy.cfg'), 'utf8');
    expect(haproxy).toMatch(new RegExp(`server-template \\S+ \\d+-\\d+ delicacy:${delicacy.environment.PORT} `));
    expect(haproxy).toMatch(new RegExp(`bind :${balancer.ports[0].target}`));
  });
});

describe('Kubernetes manifests', () => {
  const documents = readdirSync(deploy('kubernetes')).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
    .flatMap((file) => parseAllDocuments(readFileSync(deploy('kubernetes', file), 'utf8')).map((d) => ({ file, object: d.toJS() as Record<string, any> })));
  const byKind = (kind: string) => documents.filter((d) => d.object.kind === kind).map((d) => d.object);

  it('are valid against the Kubernetes API schemas, and the kustomization lists them all', () => {
    const models: Record<string, new (o: any) => { validate(): void }> = { Deployment, Service, PodDisruptionBudget };
    expect(documents.length).toBeGreaterThanOrEqual(3);
    for (const { file, object } of documents) {
      const Model = models[object.kind];
      expect(Model, `${file}: no schema for ${object.kind}`).toBeDefined();
      expect(() => new Model(object).validate(), file).not.toThrow();
    }
    const kustomization = parseYaml(readFileSync(deploy('kubernetes', 'kustomization.yaml'), 'utf8'));
    expect(new Set(kustomization.resources)).toEqual(new Set(documents.map((d) => d.file)));
  });

  it('give the Deployment probes, resources and a drain that fits its grace period; the Service and the budget select its pods', () => {
    const [deployment] = byKind('Deployment');
    const [service] = byKind('Service');
    const [budget] = byKind('PodDisruptionBudget');
    const labels = deployment.spec.template.metadata.labels;
    expect(deployment.spec.selector.matchLabels).toEqual(expect.objectContaining(labels));
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    for (const selector of [service.spec.selector, budget.spec.selector.matchLabels]) {
      for (const [key, value] of Object.entries(selector)) expect(labels[key]).toBe(value);
    }
    expect(budget.spec.maxUnavailable ?? deployment.spec.replicas - budget.spec.minAvailable).toBeLessThan(deployment.spec.replicas);
    const container = deployment.spec.template.spec.containers[0];
    const env = Object.fromEntries(container.env.map((e: { name: string; value: string }) => [e.name, e.value]));
    for (const name of Object.keys(env)) expect(KNOWN_ENV, `unknown setting ${name}`).toContain(name);
    const port = container.ports.find((p: { name: string }) => p.name === service.spec.ports[0].targetPort);
    expect(port.containerPort).toBe(Number(env.PORT));
    expect(container.readinessProbe.httpGet.path).toBe('/ready');
    expect(container.livenessProbe.httpGet.path).toBe('/health');
    expect(container.resources.requests.memory).toBeDefined();
    expect(container.resources.requests.cpu).toBeDefined();
    expect(container.resources.limits.memory).toBeDefined();
    // /ready fails for longer than the probe needs to notice, and the grace period holds the drain and the longest query.
    const drain = Number(env.DRAIN_DELAY_MS);
    expect(drain).toBeGreaterThanOrEqual(container.readinessProbe.periodSeconds * container.readinessProbe.failureThreshold * 1000);
    expect(deployment.spec.template.spec.terminationGracePeriodSeconds * 1000).toBeGreaterThanOrEqual(drain + defaultConfig().queryTimeoutMs);
    expect(service.spec.sessionAffinity).toBe('ClientIP');
    expect(env.TRUST_PROXY).toBe('true');
  });

  it('catch a broken manifest (the schema check is not vacuous)', () => {
    const [deployment] = byKind('Deployment');
    const broken = structuredClone(deployment);
    broken.spec.replicas = 'three';
    delete broken.spec.template.spec.containers[0].name;
    expect(() => new Deployment(broken).validate()).toThrow(/replicas must be integer|must have required property 'name'/);
  });
});

describe('the Dockerfile the deployments build', () => {
  it('runs as the non-root user the Kubernetes security context asks for', () => {
    expect(readFileSync(projectPath('Dockerfile'), 'utf8')).toMatch(/^USER node$/m);
  });
});
