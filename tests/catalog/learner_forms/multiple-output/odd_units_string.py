# expect: runtime_error
# feedback: SimpleRNN("4", ...)
# feedback: the number of units must be a whole number
from tensorflow.keras.layers import SimpleRNN
from tensorflow.keras.models import Sequential

model = Sequential([SimpleRNN("4", input_shape=(3, 2), return_sequences=True)])
