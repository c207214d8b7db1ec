import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './globals.css';
import { themeScript } from '../components/ui/theme';
import { Providers } from '../components/shell/providers';

export const metadata: Metadata = {
  title: { default: 'Weft', template: '%s · Weft' },
  description: 'Self-hosted workflow automation',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
