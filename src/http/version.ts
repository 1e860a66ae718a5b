// The package version for the User-Agent. A constant (not a package.json import) so the bundled client
// needs no JSON loader; the lead keeps it equal to package.json's "version" (a test checks it).
export const VERSION = "0.1.0";
