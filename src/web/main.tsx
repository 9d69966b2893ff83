import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Shell } from './app/shell.tsx';
import { LocaleProvider } from './i18n/i18n.tsx';
// Japanese text on devices without a Japanese font: the browser fetches only the subsets a page uses.
import '@fontsource/noto-sans-jp/400.css';
import '@fontsource/noto-sans-jp/700.css';
import './app/styles.css';

const queries = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false, staleTime: 10_000 } },
});

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <QueryClientProvider client={queries}>
      <LocaleProvider>
        <Shell />
      </LocaleProvider>
    </QueryClientProvider>
  </StrictMode>,
);
