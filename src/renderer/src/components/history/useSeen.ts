import { useEffect, useState } from 'react';

/**
 * True once the element has been on screen (and from then on). Lets a panel below the fold
 * fetch and draw only when scrolled to, so it takes nothing from the view's first paint.
 * Returns a callback ref: the element may mount after the hook's first render.
 */
export function useSeen(): [(el: Element | null) => void, boolean] {
  const [el, setEl] = useState<Element | null>(null);
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    if (seen || !el) return;
    if (typeof IntersectionObserver === 'undefined') {
      setSeen(true);
      return;
    }
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setSeen(true);
    });
    io.observe(el);
    return () => io.disconnect();
  }, [el, seen]);
  return [setEl, seen];
}
