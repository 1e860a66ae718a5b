// The matrix's entry for the browser page: the runner calls window.runScenario(config) from
// Playwright; the page is served from another origin than the mock, so every call is cross-origin.
import { runScenario } from "./scenario.mjs";

window.runScenario = runScenario;
document.title = "ready";
