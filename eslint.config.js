import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'artifacts/**', 'packages/db/migrations/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'fastify', message: 'Only apps/ speak HTTP.' },
            { name: 'mqtt', message: 'Only apps/ speak MQTT.' },
            { name: 'aedes', message: 'Only apps/ speak MQTT.' },
            { name: 'ws', message: 'Only apps/ speak WebSocket.' },
            { name: 'ocpp-rpc', message: 'Only apps/ speak OCPP.' },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/**', 'bench/**', 'tests/**', 'scripts/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
