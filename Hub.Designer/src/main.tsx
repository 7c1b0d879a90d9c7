import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Root } from './app/Root';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element to mount the designer in');

createRoot(container).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
