// Composes the federated supergraph from the SDL that the running Liberty subgraphs serve
// ({ _service { sdl } }), with The Guild's MIT-licensed composition library.
//
//   node compose.mjs                 write ../router/supergraph.graphql
//   node compose.mjs --check         exit 1 when the committed file differs from a fresh composition
//
// The supergraph names each subgraph by its local-mode address (127.0.0.1:9201-9203); the SDL can
// be fetched from elsewhere with USER_SUBGRAPH_URL, SITE_SUBGRAPH_URL and ROBOT_SUBGRAPH_URL, and a
// router elsewhere (docker compose) points at other addresses with override_subgraph_url.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'graphql';
import { composeServices } from '@theguild/federation-composition';

const SUBGRAPHS = [
  { name: 'users', url: 'http://127.0.0.1:9201/graphql', sdlFrom: process.env.USER_SUBGRAPH_URL },
  { name: 'sites', url: 'http://127.0.0.1:9202/graphql', sdlFrom: process.env.SITE_SUBGRAPH_URL },
  { name: 'robots', url: 'http://127.0.0.1:9203/graphql', sdlFrom: process.env.ROBOT_SUBGRAPH_URL },
];
const OUTPUT = fileURLToPath(new URL('../router/supergraph.graphql', import.meta.url));

async function fetchSdl({ name, url: localUrl, sdlFrom }) {
  const url = sdlFrom ?? localUrl;
  let response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ _service { sdl } }' }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw new Error(`subgraph ${name} at ${url} is unreachable (${error.cause?.code ?? error.message}); start it with scripts/start-graphql.sh`);
  }
  const body = await response.json();
  const sdl = body?.data?._service?.sdl;
  if (!sdl) {
    throw new Error(`subgraph ${name} at ${url} returned no SDL: ${JSON.stringify(body).slice(0, 300)}`);
  }
  return sdl;
}

async function compose() {
  const services = await Promise.all(SUBGRAPHS.map(async (subgraph) => ({
    name: subgraph.name,
    url: subgraph.url,
    typeDefs: parse(await fetchSdl(subgraph)),
  })));
  const result = composeServices(services);
  if (result.errors?.length) {
    throw new Error(`composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`);
  }
  return result.supergraphSdl.trimEnd() + '\n';
}

async function main() {
  const check = process.argv.includes('--check');
  const supergraph = await compose();
  if (check) {
    const committed = await readFile(OUTPUT, 'utf8').catch(() => '');
    if (committed !== supergraph) {
      console.error(`${OUTPUT} is out of date: the subgraphs now compose to a different supergraph.`);
      console.error('Run: node gateway/composition/compose.mjs (with the GraphQL instances running) and commit the result.');
      process.exit(1);
    }
    console.log('supergraph.graphql matches the running subgraphs');
    return;
  }
  await writeFile(OUTPUT, supergraph);
  console.log(`wrote ${OUTPUT}`);
}

main().catch((error) => {
  console.error(`compose: ${error.message}`);
  process.exit(1);
});
