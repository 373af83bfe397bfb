import { createBrowserRouter, RouterProvider } from 'react-router';
import { Layout } from './components/Layout.tsx';
import { CitizenPage } from './pages/CitizenPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { ManagerPage } from './pages/ManagerPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { PassportLookupPage } from './pages/PassportLookupPage.tsx';
import { SitePage } from './pages/SitePage.tsx';
import { StaffArea } from './pages/staff/StaffWorkspace.tsx';
import { VerifierPage } from './pages/VerifierPage.tsx';

const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { path: '/', element: <HomePage /> },
      { path: '/citizen/*', element: <CitizenPage /> },
      { path: '/site/*', element: <SitePage /> },
      { path: '/manager/*', element: <ManagerPage /> },
      { path: '/verifier/*', element: <VerifierPage /> },
      { path: '/passport', element: <PassportLookupPage /> },
      { path: '/tra-cuu', element: <PassportLookupPage /> },
      { path: '/staff/*', element: <StaffArea /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

/** The routes of the web app. */
export function App() {
  return <RouterProvider router={router} />;
}
