import { readFileSync } from 'node:fs';
import { CatalogueError, parseCatalogue, type Catalogue } from './catalogue';
import { DEFAULT_CATALOGUE } from './default-catalogue';

export const CATALOGUE_FILE_VARIABLE = 'ROUTING_CATALOGUE_FILE';

/**
 * The catalogue routing runs with: the JSON file named by ROUTING_CATALOGUE_FILE, which replaces
 * the built-in one entirely (a partial override would hide which contract is in force), or the
 * built-in one. A missing, unreadable or invalid file throws CatalogueError: start-up stops.
 */
export function loadCatalogue(env: Readonly<Record<string, string | undefined>> = process.env): Catalogue {
  const file = env[CATALOGUE_FILE_VARIABLE];
  if (file === undefined || file === '') return parseCatalogue(DEFAULT_CATALOGUE, '(built-in)');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CatalogueError(`${CATALOGUE_FILE_VARIABLE}: cannot read ${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CatalogueError(`${CATALOGUE_FILE_VARIABLE}: ${file} is not JSON: ${(error as Error).message}`);
  }
  return parseCatalogue(json, `${CATALOGUE_FILE_VARIABLE}=${file}`);
}
