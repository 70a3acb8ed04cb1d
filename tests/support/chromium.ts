/** Debian's Chromium as both Playwright configs launch it (scripts/ensure-chromium.sh installs it; CHROMIUM_PATH overrides). */
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
};
