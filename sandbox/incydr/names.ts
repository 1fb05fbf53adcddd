/** Word lists the generator draws from. Plain data; a few accented names keep e-mail folding honest. */

export const FIRST_NAMES = [
  'Dana', 'Jordan', 'Jamie', 'Alex', 'Morgan', 'Taylor', 'Casey', 'Riley', 'Avery', 'Quinn', 'Priya', 'Wei',
  'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Mateo', 'Sofia', 'Lucas', 'Mia', 'Ethan', 'Amara', 'Kenji', 'Fatima',
  'Omar', 'Ingrid', 'Lars', 'Chloe', 'Diego', 'Hannah', 'Samuel', 'Grace', 'Isaac', 'Leah', 'Nadia', 'Victor',
  'Yara', 'Zane', 'Elena', 'Marcus', 'Aisha', 'Tomás', 'Zoë', 'José', 'Renée', 'Björn', 'Siobhan', 'Arjun',
  'Mei', 'Kwame', 'Ruth', 'Felix', 'Ivy', 'Hugo', 'Nora', 'Owen', 'Paula', 'Rosa', 'Theo',
] as const;

export const LAST_NAMES = [
  'Ortiz', 'Lee', 'Smith', 'Johnson', 'Garcia', 'Nguyen', 'Patel', 'Kim', 'Chen', 'Müller', 'Rossi', 'Okafor',
  'Silva', 'Kowalski', 'Andersson', 'Dubois', 'Haddad', 'Ivanova', 'Tanaka', 'Brown', 'Wilson', 'Martin',
  'Clarke', 'Walker', 'Young', 'Hughes', 'Price', 'Bennett', 'Reyes', 'Flores', 'Murphy', "O'Brien", 'Novak',
  'Singh', 'Khan', 'Cohen', 'Baker', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts', 'Phillips',
  'Evans', 'Turner', 'Torres', 'Parker', 'Collins', 'Edwards', 'Stewart', 'Morris', 'Rogers', 'Cook',
  'Morgan', 'Bell', 'Bailey', 'Cooper', 'Richardson', 'Cox', 'Howard',
] as const;

export const DEPARTMENTS = {
  Engineering: ['Software Engineer', 'Senior Software Engineer', 'Staff Engineer', 'Engineering Manager'],
  'Research & Development': ['Research Scientist', 'Lab Technician', 'R&D Manager'],
  Sales: ['Account Executive', 'Sales Engineer', 'Regional Sales Director'],
  Marketing: ['Content Strategist', 'Product Marketing Manager', 'Marketing Analyst'],
  Finance: ['Financial Analyst', 'Controller', 'Accounts Payable Specialist'],
  'Human Resources': ['HR Business Partner', 'Recruiter', 'People Operations Lead'],
  Legal: ['Corporate Counsel', 'Paralegal', 'Compliance Officer'],
  'Customer Success': ['Customer Success Manager', 'Support Engineer', 'Onboarding Specialist'],
  'IT Operations': ['Systems Administrator', 'Help Desk Technician', 'IT Manager'],
  Security: ['Security Analyst', 'Security Engineer', 'CISO'],
  Product: ['Product Manager', 'Product Designer', 'UX Researcher'],
  Operations: ['Operations Coordinator', 'Supply Chain Planner', 'Facilities Manager'],
} as const satisfies Record<string, readonly string[]>;

export type DepartmentName = keyof typeof DEPARTMENTS;

export const LOCATIONS = [
  { country: 'US', region: 'Minnesota', locality: 'Minneapolis' },
  { country: 'US', region: 'California', locality: 'San Francisco' },
  { country: 'US', region: 'Texas', locality: 'Austin' },
  { country: 'GB', region: 'England', locality: 'London' },
  { country: 'IE', region: 'Leinster', locality: 'Dublin' },
  { country: 'DE', region: 'Bavaria', locality: 'Munich' },
  { country: 'IN', region: 'Karnataka', locality: 'Bengaluru' },
] as const;

export const SERVICE_ACCOUNT_PURPOSES = [
  'backup-sync', 'scim-provisioner', 'build-runner', 'siem-export', 'print-server', 'kiosk', 'qa-automation',
  'data-pipeline', 'shared-reception', 'conference-room',
] as const;

export const MATTER_TOPICS = [
  'Harlow v. Northwind', 'Trade secret inquiry', 'Regulatory request', 'Patent dispute', 'Vendor contract claim',
  'Employment arbitration', 'Internal investigation', 'Export compliance review', 'Shareholder inquiry',
  'Data retention audit',
] as const;

export const CASE_TOPICS = [
  'Source code upload to personal cloud', 'USB exfiltration before departure', 'Customer list emailed externally',
  'Unusual sync to personal Dropbox', 'Design files shared publicly', 'Bulk download from CRM',
  'Files moved to removable media', 'Pricing sheet sent to gmail', 'Roadmap deck shared via link',
] as const;
