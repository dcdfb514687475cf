"""Framework-free domain model: content, questions, exams, enums and errors."""
