import { test, expect, login, resetWorld } from "./fixtures";

test.beforeAll(resetWorld);

// Every page of the portal is rendered per user: a prefetch cannot be reused, it only costs the server a render
// (one view of the OC list used to send 37 of them: menu, sort headers, rows, pages). Links navigate on click only.
test("a list page sends no prefetch request, and its links still navigate within the page", async ({ page }) => {
  const prefetches: string[] = [];
  const documents: string[] = [];
  page.on("request", (request) => {
    if (request.headers()["next-router-prefetch"]) prefetches.push(request.url());
    if (request.resourceType() === "document") documents.push(request.url());
  });
  await login(page, "E-0000000003");
  await page.getByRole("button", { name: "Choisir l'univers revendeur" }).click();
  await page.getByRole("navigation", { name: "Navigation principale" }).getByRole("link", { name: "Offres contractées" }).click();
  await expect(page.getByRole("heading", { name: "Liste des offres contractées" })).toBeVisible();
  await page.getByRole("link", { name: "Trier par Réf.", exact: true }).hover();
  await page.waitForLoadState("networkidle");

  const documentsBefore = documents.length;
  await page.getByRole("link", { name: /^Détail de OC/ }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: /^OC\d+/ })).toBeVisible();
  await page.waitForLoadState("networkidle");

  expect(prefetches).toEqual([]);
  expect(documents.length).toBe(documentsBefore); // the click fetched the page's data, not a new document
});
