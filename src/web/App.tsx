import { createBrowserRouter, RouterProvider } from 'react-router';
import { Layout } from './components/Layout.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';

/**
 * Each area's page is its own chunk, loaded when its route is first visited: a screen downloads and
 * compiles its own code, not every area's (the one bundle was 372 KB gzip for every screen; on a loaded
 * two-core host compiling it cost more than the screen's API calls — docs/PERFORMANCE.md).
 */
const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { path: '/', element: <HomePage /> },
      {
        path: '/citizen/*',
        lazy: async () => ({ Component: (await import('./pages/CitizenPage.tsx')).CitizenPage }),
      },
      { path: '/site/*', lazy: async () => ({ Component: (await import('./pages/SitePage.tsx')).SitePage }) },
      {
        path: '/manager/*',
        lazy: async () => ({ Component: (await import('./pages/ManagerPage.tsx')).ManagerPage }),
      },
      {
        path: '/verifier/*',
        lazy: async () => ({ Component: (await import('./pages/VerifierPage.tsx')).VerifierPage }),
      },
      {
        path: '/passport',
        lazy: async () => ({
          Component: (await import('./pages/PassportLookupPage.tsx')).PassportLookupPage,
        }),
      },
      {
        path: '/tra-cuu',
        lazy: async () => ({
          Component: (await import('./pages/PassportLookupPage.tsx')).PassportLookupPage,
        }),
      },
      {
        path: '/staff/*',
        lazy: async () => ({ Component: (await import('./pages/staff/StaffWorkspace.tsx')).StaffArea }),
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

/** The routes of the web app. */
export function App() {
  return <RouterProvider router={router} />;
}
