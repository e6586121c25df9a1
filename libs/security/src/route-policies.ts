import { RequestMethod, type INestApplication, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, ModulesContainer } from '@nestjs/core';
import { policyOf, type RoutePolicy } from './policy';

export interface RoutePolicyEntry {
  /** GET, POST, ... (ALL for @All). */
  readonly method: string;
  /** Controller path + method path, e.g. /v1/payments/:id (global prefixes and RouterModule paths are not added). */
  readonly path: string;
  readonly policy: RoutePolicy;
  /** `Controller.method`, to find the offender. */
  readonly handler: string;
}

/**
 * Every route of a Nest application with the policy the guard enforces on it. Fastify's router
 * has no handler metadata, so this walks the controllers Nest knows (DiscoveryService) and their
 * route methods (MetadataScanner + PATH_METADATA / METHOD_METADATA), as Nest's router explorer does.
 */
export function listRoutePolicies(app: INestApplication): RoutePolicyEntry[] {
  const discovery = new DiscoveryService(app.get(ModulesContainer, { strict: false }));
  const scanner = new MetadataScanner();
  const entries: RoutePolicyEntry[] = [];
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as Type | null;
    if (!controller || typeof controller !== 'function') continue;
    const prototype = controller.prototype as Record<string, unknown>;
    const controllerPaths = asPaths(Reflect.getMetadata(PATH_METADATA, controller));
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name];
      if (typeof handler !== 'function') continue;
      const methodPaths: unknown = Reflect.getMetadata(PATH_METADATA, handler);
      const requestMethod: unknown = Reflect.getMetadata(METHOD_METADATA, handler);
      if (methodPaths === undefined || typeof requestMethod !== 'number') continue; // not a route
      const method = RequestMethod[requestMethod] ?? String(requestMethod);
      const policy = policyOf(handler, controller);
      for (const base of controllerPaths) {
        for (const sub of asPaths(methodPaths)) {
          entries.push({ method, path: joinPath(base, sub), policy, handler: `${controller.name}.${name}` });
        }
      }
    }
  }
  return entries.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

function asPaths(value: unknown): string[] {
  if (Array.isArray(value)) return value.length > 0 ? value.map(String) : [''];
  return [typeof value === 'string' ? value : ''];
}

function joinPath(...parts: string[]): string {
  const joined = parts
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter((p) => p !== '')
    .join('/');
  return `/${joined}`;
}
