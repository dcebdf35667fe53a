# expect: runtime_error
# feedback: Keras 2's way of writing the input shape
# feedback: `input_length=3`
# feedback: together mean `input_shape=(3, 2)`
from tensorflow.keras.layers import SimpleRNN
from tensorflow.keras.models import Sequential

model = Sequential()
model.add(SimpleRNN(4, input_dim=2, input_length=3, return_sequences=True))
