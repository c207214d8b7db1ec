/** Tailwind CSS 4 runs as a PostCSS plugin; app/globals.css imports it with `@import "tailwindcss"`. */
export default {
  plugins: {
    '@tailwindcss/postcss': {},
  },
};
