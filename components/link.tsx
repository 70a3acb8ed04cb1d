import NextLink from "next/link";

/**
 * The portal's links: next/link without prefetching. Every page of the portal is rendered per user on
 * request, so a prefetch cannot be kept and only costs the server a render: with prefetching on, one
 * view of the OC list made the browser send 37 prefetch requests (the menu, every sort header, row
 * and page link) and cost the server 4 to 8 times the page itself. A click still navigates in the page.
 */
export function Link(props: React.ComponentProps<typeof NextLink>) {
  return <NextLink prefetch={false} {...props} />;
}
