// The matrix's entry for workerd: the mock's address arrives through the CONFIG text binding of
// the worker's config (no compatibility flags), and a GET answers with the results as JSON.
import { runScenario } from "./scenario.mjs";

export default {
  async fetch(_request, env) {
    const results = await runScenario(JSON.parse(env.CONFIG));
    return Response.json(results);
  },
};
